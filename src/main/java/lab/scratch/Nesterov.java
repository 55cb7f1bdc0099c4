package lab.scratch;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with Nesterov momentum in the form DL4J's Nesterovs updater computes it. A velocity v per
 * parameter, starting at 0; each step, with mu the momentum:
 * v' = mu v - lr g, then p := p - (mu v - (1 + mu) v') = p + (1 + mu) v' - mu v.
 * This is the "look-ahead" step of Sutskever et al. (2013) rewritten so that the gradient is taken
 * at the current parameters rather than at p + mu v (cs231n's formulation).
 */
public final class Nesterov implements Optimizer {
  private final double lr;
  private final double momentum;
  private final Map<Parameter, INDArray> velocity = new IdentityHashMap<>();

  public Nesterov(double lr, double momentum) {
    this.lr = lr;
    this.momentum = momentum;
  }

  @Override
  public void step(List<Parameter> parameters) {
    for (Parameter p : parameters) {
      INDArray v = velocity.computeIfAbsent(p, k -> Workspaces.persistent(k.value, 0));
      INDArray previous = v.mul(momentum); // mu v, before v changes
      v.muli(momentum).subi(p.grad.mul(lr));
      p.value.subi(previous.subi(v.mul(1 + momentum)));
    }
  }
}
