package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Squared error between output a and target y, averaged over the minibatch. {@code mse}: each
 * sample's squared errors averaged over its outputs, (1/n) sum (1/k) sum_o (a - y)^2, DL4J's
 * LossMSE; {@code sse}: summed over them, (1/n) sum sum_o (a - y)^2, DL4J's LossL2. With one
 * output the two are the same.
 */
public final class SquaredError implements Loss {
  private final boolean meanOverOutputs;
  private INDArray diff;

  public SquaredError(boolean meanOverOutputs) {
    this.meanOverOutputs = meanOverOutputs;
  }

  private double outputs() {
    return meanOverOutputs ? diff.size(1) : 1.0;
  }

  @Override
  public double forward(INDArray a, INDArray y) {
    diff = a.sub(y);
    return diff.mul(diff).sumNumber().doubleValue() / outputs() / a.size(0);
  }

  /** d/da of (a - y)^2 is 2 (a - y); then the same divisions as the loss. */
  @Override
  public INDArray backward() {
    return diff.mul(2.0 / outputs() / diff.size(0));
  }

  @Override
  public String name() {
    return meanOverOutputs ? "mse" : "sse";
  }
}
