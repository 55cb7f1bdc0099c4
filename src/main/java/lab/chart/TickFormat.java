package lab.chart;

import java.math.BigDecimal;
import java.math.MathContext;

/** Short tick labels: 2k, 10k, 1.5M, 0.25, 1e-4. */
public final class TickFormat {
  private TickFormat() {}

  public static String compact(double v) {
    if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : String.valueOf(v);
    double a = Math.abs(v);
    if (a >= 1e9) return scaled(v / 1e9, "G");
    if (a >= 1e6) return scaled(v / 1e6, "M");
    if (a >= 1e3) return scaled(v / 1e3, "k");
    if (a >= 1e-3) return plain(v);
    // Below a thousandth: mantissa and exponent, 1e-4 rather than 0.0001 or 1E-4.
    int exp = (int) Math.floor(Math.log10(a));
    String mantissa = plain(v / Math.pow(10, exp));
    if (mantissa.equals("10") || mantissa.equals("-10")) {
      exp++;
      mantissa = mantissa.startsWith("-") ? "-1" : "1";
    }
    return mantissa + "e" + exp;
  }

  /**
   * A step for labelling an axis from 0 to {@code max} with at most about {@code labels} labels:
   * 1, 2 or 5 times a power of ten, at least {@code min} (1 for epochs: no "2.5" epoch label).
   */
  public static double step(double max, int labels, double min) {
    if (!(max > 0) || labels < 1) return min;
    double raw = max / labels;
    double decade = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = decade;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * decade;
      if (step >= raw) break;
    }
    return Math.max(step, min);
  }

  /** {@link #compact} on multiples of {@code step}, "" on the ticks between them. */
  public static String every(double v, double step) {
    double k = v / step;
    return Math.abs(k - Math.rint(k)) < 1e-6 ? compact(v) : "";
  }

  private static String scaled(double v, String unit) {
    return plain(v) + unit;
  }

  /** Up to three significant digits, no trailing zeros, never an exponent. */
  private static String plain(double v) {
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
