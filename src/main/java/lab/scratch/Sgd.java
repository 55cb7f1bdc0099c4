package lab.scratch;

import java.util.List;

/** Plain gradient descent: p := p - lr * dL/dp. */
public final class Sgd implements Optimizer {
  private final double lr;

  public Sgd(double lr) {
    this.lr = lr;
  }

  @Override
  public void step(List<Parameter> parameters) {
    for (Parameter p : parameters) p.value.subi(p.grad.mul(lr));
  }
}
