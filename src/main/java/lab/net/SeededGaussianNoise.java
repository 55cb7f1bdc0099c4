package lab.net;

import java.util.SplittableRandom;
import lab.core.Draws;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adds N(0, stddev^2) noise to a layer's input, as DL4J's {@code GaussianNoise} does, but draws
 * it from the project's seeded generator: ND4J 1.0.0-M2.1's native random generator is not reset
 * by {@code Nd4j.getRandom().setSeed}, so {@code GaussianNoise} gave different numbers on every
 * run. DL4J calls a layer's {@link IDropout} only for training passes, so predictions and the
 * evaluation metrics see clean inputs.
 */
public final class SeededGaussianNoise implements IDropout {

  private final double stddev;
  private final long seed;

  public SeededGaussianNoise(@JsonProperty("stddev") double stddev,
      @JsonProperty("seed") long seed) {
    this.stddev = stddev;
    this.seed = seed;
  }

  public double getStddev() {
    return stddev;
  }

  public long getSeed() {
    return seed;
  }

  /** The noise of one training iteration depends only on the seed and the iteration number. */
  @Override
  public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch,
      LayerWorkspaceMgr workspaceMgr) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
    double[] noise = new double[(int) input.length()];
    for (int i = 0; i < noise.length; i++) noise[i] = stddev * Draws.gaussian(rng);
    INDArray n = Nd4j.create(noise, input.shape(), DataType.DOUBLE).castTo(input.dataType());
    return result.assign(input.add(n));
  }

  /** The noise is added, so the gradient passes through unchanged. */
  @Override
  public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration,
      int epoch) {
    return gradAtInput == gradAtOutput ? gradAtInput : gradAtInput.assign(gradAtOutput);
  }

  @Override
  public void clear() {
    // Keeps no state between passes.
  }

  @Override
  public IDropout clone() {
    return new SeededGaussianNoise(stddev, seed);
  }
}
