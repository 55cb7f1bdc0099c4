package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise (or, for softmax, row-wise) function a = f(z). {@link #forward} remembers what
 * {@link #backward} needs; backward turns dL/da into dL/dz by the chain rule.
 */
public interface Activation {
  INDArray forward(INDArray z);

  INDArray backward(INDArray dLda);

  /** The spec's name for it: sigmoid, tanh, relu, leakyrelu, identity, softmax. */
  String name();

  /** The activation a spec names, or null when the scratch engine has none of that name. */
  static Activation of(String name) {
    return switch (name) {
      case "sigmoid" -> new Sigmoid();
      case "tanh" -> new Tanh();
      case "relu" -> new Relu();
      case "leakyrelu" -> new LeakyRelu();
      case "identity" -> new Identity();
      case "softmax" -> new Softmax();
      default -> null;
    };
  }
}
