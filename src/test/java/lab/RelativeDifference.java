package lab;

/** How far two series of numbers are apart, relative to their size. */
public final class RelativeDifference {
  private RelativeDifference() {}

  /** max over i of |a[i] - b[i]| / max(|a[i]|, |b[i]|) (0 where both are 0); lengths must match. */
  public static double largest(double[] a, double[] b) {
    if (a.length != b.length) throw new AssertionError(a.length + " vs " + b.length + " values");
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
      if (scale > 0) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
      if (Double.isNaN(a[i]) != Double.isNaN(b[i])) return Double.POSITIVE_INFINITY;
    }
    return worst;
  }
}
