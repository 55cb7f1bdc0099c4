package lab.data;

import java.util.SplittableRandom;
import lab.core.Draws;

/**
 * The XOR point cloud of Raschka et al. ch. 13: points uniform in [-1,1]^2, label 1 where
 * x0*x1 >= 0 (first and third quadrant) and 0 elsewhere; optionally noisier than the book's.
 */
public final class NoisyXorData {

  /**
   * Mixed into the spec seed so the data's draws are not the same numbers as the initial weights,
   * which the network factory draws from a generator seeded with the spec seed itself.
   */
  private static final long DATA_SALT = 0x6E6F6973_79786F72L; // "noisyxor"

  private NoisyXorData() {}

  /** The book's label rule, on the clean point. */
  public static int label(double x0, double x1) {
    return x0 * x1 >= 0 ? 1 : 0;
  }

  /**
   * {@code n} points for {@code seed}. Labels follow the clean points; then each input gets
   * Gaussian jitter of standard deviation {@code jitter}, and each label is flipped with
   * probability {@code labelFlip}. Points, jitter and flips come from separate streams, so adding
   * noise keeps the same underlying points.
   */
  public static LabeledPoints generate(int n, long seed, double labelFlip, double jitter) {
    SplittableRandom root = new SplittableRandom(seed ^ DATA_SALT);
    SplittableRandom points = root.split();
    SplittableRandom jitters = root.split();
    SplittableRandom flips = root.split();
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double x0 = -1 + 2 * points.nextDouble();
      double x1 = -1 + 2 * points.nextDouble();
      y[i] = label(x0, x1);
      x[i] = new double[] {x0, x1};
    }
    for (int i = 0; i < n; i++) {
      // Drawn even when jitter is 0, so the flips do not depend on whether inputs are jittered.
      double d0 = Draws.gaussian(jitters);
      double d1 = Draws.gaussian(jitters);
      x[i][0] += jitter * d0;
      x[i][1] += jitter * d1;
      if (flips.nextDouble() < labelFlip) y[i] = 1 - y[i];
    }
    return new LabeledPoints(x, y);
  }
}
