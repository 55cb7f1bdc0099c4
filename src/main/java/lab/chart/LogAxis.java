package lab.chart;

import java.util.List;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * Log axes with a labelled tick at every decade: the axis runs from the decade at or below the
 * smallest value to the decade at or above the largest (XChart labels the decades only). Values
 * within less than one decade get a linear axis instead, where a log one would label nothing.
 */
public final class LogAxis {
  private LogAxis() {}

  /** The decades that enclose the positive finite values, or null when they span less than 10x. */
  public static double[] decades(List<double[]> values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double[] v : values) {
      for (double x : v) {
        if (x > 0 && Double.isFinite(x)) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
    }
    if (hi == 0 || hi / lo < 10) return null;
    return new double[] {Math.pow(10, Math.floor(Math.log10(lo) + 1e-9)),
        Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9))};
  }

  /** Sets a log y axis over {@code values}' decades; false (linear axis) when they span less. */
  public static boolean applyY(AxesChartStyler s, List<double[]> values) {
    double[] d = decades(values);
    s.setYAxisLogarithmic(d != null);
    if (d != null) {
      s.setYAxisMin(d[0]);
      s.setYAxisMax(d[1]);
    }
    return d != null;
  }

  /** As {@link #applyY}, for the x axis. */
  public static boolean applyX(AxesChartStyler s, List<double[]> values) {
    double[] d = decades(values);
    s.setXAxisLogarithmic(d != null);
    if (d != null) {
      s.setXAxisMin(d[0]);
      s.setXAxisMax(d[1]);
    }
    return d != null;
  }

  /** An axis title without its "(log)" or "(log scale)" note, for an axis drawn linear. */
  public static String linearTitle(String title) {
    return title.replaceAll("\\s*\\(log( scale)?\\)", "");
  }
}
