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

  private static String scaled(double v, String unit) {
    return plain(v) + unit;
  }

  /** Up to three significant digits, no trailing zeros, never an exponent. */
  private static String plain(double v) {
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
