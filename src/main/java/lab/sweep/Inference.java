package lab.sweep;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;

/**
 * The statistics behind honest comparisons, all from Apache Commons Statistics: the 95% Wilson
 * score interval of a success rate, Fisher's exact test (two-sided) of two success rates, and the
 * Mann-Whitney U test (two-sided) of two samples of final losses. Only Holm's step-down
 * correction, which is arithmetic on the p-values, is written here.
 */
public final class Inference {
  /** The significance level of every test, before correction. */
  public static final double ALPHA = 0.05;

  private Inference() {}

  /** The 95% Wilson score interval of {@code k} successes in {@code n} trials (n >= 1). */
  public static double[] wilson(int k, int n) {
    Interval i = BinomialConfidenceInterval.WILSON_SCORE.fromErrorRate(n, k, ALPHA);
    return new double[] {Math.max(0, i.getLowerBound()), Math.min(1, i.getUpperBound())};
  }

  /** "7/10 [0.40, 0.89]": successes, trials and the 95% Wilson interval. */
  public static String rate(int k, int n) {
    if (n == 0) return "0/0";
    double[] ci = wilson(k, n);
    return String.format(Locale.ROOT, "%d/%d [%.2f, %.2f]", k, n, ci[0], ci[1]);
  }

  /**
   * Fisher's exact test, two-sided, of k1 successes in n1 trials against k2 in n2: the chance of
   * a table at most as likely as this one if both rates were the same.
   */
  public static double fisher(int k1, int n1, int k2, int n2) {
    return FisherExactTest.withDefaults()
        .test(new int[][] {{k1, n1 - k1}, {k2, n2 - k2}}).getPValue();
  }

  /**
   * The Mann-Whitney U test, two-sided, of two samples: exact when there are no ties and both
   * have fewer than 50 values, else the normal approximation with the tie and continuity
   * corrections (the library's defaults). NaN when a sample is empty; 1 when every value of both
   * is the same (nothing to tell apart).
   */
  public static double mannWhitney(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) return Double.NaN;
    double first = a[0];
    if (Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first)) {
      return 1;
    }
    return MannWhitneyUTest.withDefaults().test(a, b).getPValue();
  }

  /**
   * Holm's step-down correction: which of the p-values are significant at {@link #ALPHA} with
   * the family-wise error rate held at ALPHA over all of them. NaN p-values (no test) are not
   * counted and never significant.
   */
  public static boolean[] holm(List<Double> p) {
    Integer[] order = new Integer[p.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> p.get(i).isNaN() ? 2 : p.get(i)));
    long m = p.stream().filter(v -> !v.isNaN()).count();
    boolean[] out = new boolean[p.size()];
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      if (p.get(i) > ALPHA / (m - rank)) break;
      out[i] = true;
    }
    return out;
  }

  /** A p-value for tables: 0.0123, 3.2e-05, or "-" when there was no test. */
  public static String p(double p) {
    if (Double.isNaN(p)) return "-";
    return p >= 0.001 ? String.format(Locale.ROOT, "%.3g", p)
        : String.format(Locale.ROOT, "%.1e", p);
  }
}
