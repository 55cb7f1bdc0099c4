package lab.sweep;

import java.util.Arrays;

/** Quantiles of a sample, linear between order statistics (numpy's default). */
final class Stats {
  private Stats() {}

  static double quantile(double[] values, double q) {
    if (values.length == 0) return Double.NaN;
    double[] s = values.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  static double median(double[] values) {
    return quantile(values, 0.5);
  }
}
