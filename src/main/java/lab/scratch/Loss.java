package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss over a minibatch: each sample's loss summed over its outputs, then averaged over the
 * samples, the number DL4J's {@code score} reports. {@link #forward} remembers what
 * {@link #backward} needs; backward returns dL/da for that average, so every gradient below it
 * is already divided by the batch size (DL4J instead sums and divides in its updater).
 */
public interface Loss {
  double forward(INDArray a, INDArray y);

  INDArray backward();

  /** The spec's name for it: bce, mse, sse, cross-entropy. */
  String name();

  /** The loss a spec names, or null when the scratch engine has none of that name. */
  static Loss of(String name) {
    return switch (name) {
      case "bce" -> new BinaryCrossEntropy(BinaryCrossEntropy.DL4J_CLIP);
      case "mse" -> new SquaredError(true);
      case "sse" -> new SquaredError(false);
      case "cross-entropy" -> new CrossEntropy();
      default -> null;
    };
  }
}
