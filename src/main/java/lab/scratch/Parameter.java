package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnable array and the gradient of the loss with respect to it, filled in by the last
 * backward pass. The optimizer reads {@code grad} and changes {@code value} in place.
 */
public final class Parameter {
  public final String name;
  public final INDArray value;
  public INDArray grad;

  public Parameter(String name, INDArray value) {
    this.name = name;
    this.value = value;
  }
}
