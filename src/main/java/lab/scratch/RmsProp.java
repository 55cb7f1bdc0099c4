package lab.scratch;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSProp (Hinton's lecture 6e) in the form DL4J's RmsPropUpdater computes it: a running mean s of
 * the squared gradient, s := decay s + (1 - decay) g^2, then p := p - lr g / (sqrt(s) + epsilon).
 * DL4J starts s at epsilon, not at 0 (so the first steps are not divided by nearly nothing); the
 * spec's optimizer.beta2 is the decay.
 */
public final class RmsProp implements Optimizer {
  private final double lr;
  private final double decay;
  private final double epsilon;
  private final Map<Parameter, INDArray> meanSquare = new IdentityHashMap<>();

  public RmsProp(double lr, double decay, double epsilon) {
    this.lr = lr;
    this.decay = decay;
    this.epsilon = epsilon;
  }

  @Override
  public void step(List<Parameter> parameters) {
    for (Parameter p : parameters) {
      INDArray s = meanSquare.computeIfAbsent(p, k -> Workspaces.persistent(k.value, epsilon));
      s.muli(decay).addi(p.grad.mul(p.grad).muli(1 - decay));
      p.value.subi(p.grad.mul(lr).divi(Transforms.sqrt(s, true).addi(epsilon)));
    }
  }
}
