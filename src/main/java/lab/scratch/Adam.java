package lab.scratch;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba 2014) in the form DL4J's AdamUpdater computes it. For step t = 1, 2, ...:
 * m := beta1 m + (1 - beta1) g and v := beta2 v + (1 - beta2) g^2 (running means of the gradient
 * and of its square); then p := p - alpha_t m / (sqrt(v) + epsilon), with the bias correction
 * folded into the step size alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t). (PyTorch instead
 * divides by sqrt(v / (1 - beta2^t)) + epsilon, which differs only in where epsilon sits.)
 */
public final class Adam implements Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<Parameter, INDArray[]> moments = new IdentityHashMap<>();
  private int t;

  public Adam(double lr, double beta1, double beta2, double epsilon) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public void step(List<Parameter> parameters) {
    t++;
    double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    for (Parameter p : parameters) {
      INDArray[] mv = moments.computeIfAbsent(p, k -> new INDArray[] {
          Workspaces.persistent(k.value, 0), Workspaces.persistent(k.value, 0)});
      INDArray m = mv[0].muli(beta1).addi(p.grad.mul(1 - beta1));
      INDArray v = mv[1].muli(beta2).addi(p.grad.mul(p.grad).muli(1 - beta2));
      p.value.subi(m.mul(alpha).divi(Transforms.sqrt(v, true).addi(epsilon)));
    }
  }
}
