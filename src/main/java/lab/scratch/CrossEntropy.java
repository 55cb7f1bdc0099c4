package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Multi-class cross-entropy L = -(1/n) sum_samples sum_k y[k] log a[k], for one-hot (or
 * probability) targets y and a softmax output a. The loss clips a to [1e-10, 1 - 1e-10] as DL4J's
 * LossMCXENT does after a softmax, so log(0) cannot occur.
 */
public final class CrossEntropy implements Loss {
  static final double CLIP = 1e-10;
  private INDArray a;
  private INDArray y;

  @Override
  public double forward(INDArray a, INDArray y) {
    this.a = a;
    this.y = y;
    INDArray clipped = Transforms.max(Transforms.min(a, 1 - CLIP, true), CLIP, false);
    return -Transforms.log(clipped, false).muli(y).sumNumber().doubleValue() / a.size(0);
  }

  /** dL/da[k] = -(1/n) y[k] / a[k], for an output that is not a softmax. */
  @Override
  public INDArray backward() {
    return y.div(a).negi().divi(a.size(0));
  }

  /**
   * dL/dz through a softmax output: the softmax's Jacobian times -y/a collapses to (a - y) / n
   * when each target row sums to 1. Used instead of {@link #backward} followed by
   * {@link Softmax#backward}, as DL4J does, because dividing by a tiny a[k] would lose precision.
   */
  public INDArray backwardThroughSoftmax() {
    return a.sub(y).divi(a.size(0));
  }

  @Override
  public String name() {
    return "cross-entropy";
  }
}
