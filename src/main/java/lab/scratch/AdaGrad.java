package lab.scratch;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaGrad (Duchi et al. 2011) in the form DL4J's AdaGradUpdater computes it: the sum h of every
 * squared gradient so far, h := h + g^2, then p := p - lr g / (sqrt(h) + epsilon), so each
 * parameter's step shrinks as its gradients add up. DL4J starts h at 1e-6, not at 0, whatever the
 * configured epsilon (its AdaGradUpdater fills the state with a field fixed at 1e-6 and uses the
 * configured epsilon only in the step), and so does this class.
 */
public final class AdaGrad implements Optimizer {
  private final double lr;
  private final double epsilon;
  static final double DL4J_INITIAL_SUM = 1e-6;
  private final Map<Parameter, INDArray> sumSquares = new IdentityHashMap<>();

  public AdaGrad(double lr, double epsilon) {
    this.lr = lr;
    this.epsilon = epsilon;
  }

  @Override
  public void step(List<Parameter> parameters) {
    for (Parameter p : parameters) {
      INDArray h = sumSquares.computeIfAbsent(p,
          k -> Workspaces.persistent(k.value, DL4J_INITIAL_SUM));
      h.addi(p.grad.mul(p.grad));
      p.value.subi(p.grad.mul(lr).divi(Transforms.sqrt(h, true).addi(epsilon)));
    }
  }
}
