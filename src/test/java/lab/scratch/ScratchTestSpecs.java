package lab.scratch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Specs, random batches and an array comparison for the scratch-engine tests. */
final class ScratchTestSpecs {
  private ScratchTestSpecs() {}

  /** A double-precision spec from key=value pairs (through the real loader and schema). */
  static ExperimentSpec spec(String... keyValues) {
    List<String> overrides = new ArrayList<>(List.of("dtype=double"));
    overrides.addAll(List.of(keyValues));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("experiment", "xor");
    return SpecLoader.resolve("test spec", tree, overrides, "scratch-test");
  }

  /** A [rows, cols] double matrix of N(0, 1) draws. */
  static INDArray normal(SplittableRandom rng, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] r : m) {
      for (int c = 0; c < cols; c++) {
        r[c] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
      }
    }
    return Nd4j.create(m).castTo(DataType.DOUBLE);
  }

  /**
   * Targets that suit a loss: one-hot rows for cross-entropy, 0/1 values (with a few in between)
   * for bce, any reals for squared error.
   */
  static INDArray labels(String loss, SplittableRandom rng, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      switch (loss) {
        case "cross-entropy" -> m[r][rng.nextInt(cols)] = 1;
        case "bce" -> {
          for (int c = 0; c < cols; c++) m[r][c] = r % 3 == 2 ? rng.nextDouble() : rng.nextInt(2);
        }
        default -> {
          for (int c = 0; c < cols; c++) m[r][c] = 2 * rng.nextDouble() - 1;
        }
      }
    }
    return Nd4j.create(m).castTo(DataType.DOUBLE);
  }

  /**
   * The largest element-wise relative difference |a - b| / max(|a|, |b|), where pairs closer
   * than {@code absFloor} in absolute terms count as equal (rounding noise near zero).
   */
  static double maxRelativeDifference(INDArray a, INDArray b, double absFloor) {
    double[] x = a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    double[] y = b.castTo(DataType.DOUBLE).reshape(b.length()).toDoubleVector();
    if (x.length != y.length) throw new AssertionError("lengths " + x.length + " vs " + y.length);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double diff = Math.abs(x[i] - y[i]);
      if (diff <= absFloor) continue;
      worst = Math.max(worst, diff / Math.max(Math.abs(x[i]), Math.abs(y[i])));
    }
    return worst;
  }
}
