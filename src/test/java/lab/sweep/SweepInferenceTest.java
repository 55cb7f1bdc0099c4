package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The interval and the tests behind summary.md and ./lab compare, against reference values from
 * SciPy 1.17.1 (computed by hand: scipy.stats.binomtest(k, n).proportion_ci(method='wilson'),
 * fisher_exact(table), mannwhitneyu(x, y, alternative='two-sided', method='exact' without ties,
 * method='asymptotic', use_continuity=True with ties)), at a relative tolerance of 1e-9.
 */
class SweepInferenceTest {
  private static final double TOL = 1e-9;

  private static void close(double expected, double actual) {
    assertEquals(expected, actual, TOL * Math.max(1e-300, Math.abs(expected)),
        "expected " + expected + ", got " + actual);
  }

  @ParameterizedTest
  @CsvSource({
      "7, 10, 0.39677814746114526, 0.892208732593699",
      "0, 10, 0.0, 0.27753279986288926",
      "10, 10, 0.7224672001371109, 1.0",
      "3, 20, 0.05236874589621662, 0.3604188647407569",
      "19, 20, 0.763868806553258, 0.9911185511992047",
      "0, 2, 0.0, 0.6576197724933469",
  })
  void wilsonIntervalIsScipys(int k, int n, double lo, double hi) {
    double[] ci = Inference.wilson(k, n);
    assertEquals(lo, ci[0], 1e-12 + TOL * lo);
    close(hi, ci[1]);
  }

  @ParameterizedTest
  @CsvSource({
      "9, 10, 3, 10, 0.019766611097880443",
      "0, 10, 0, 10, 1.0",
      "20, 20, 12, 20, 0.003276003276003276",
      "1, 10, 11, 14, 0.0027594561852200836",
      "5, 10, 5, 10, 1.0",
  })
  void fisherIsScipys(int k1, int n1, int k2, int n2, double p) {
    close(p, Inference.fisher(k1, n1, k2, n2));
    close(p, Inference.fisher(k2, n2, k1, n1));
  }

  @Test
  void mannWhitneyIsScipys() {
    double[] x = {0.011, 0.0123, 0.034, 0.2, 0.0051, 0.0009, 0.3};
    double[] y = {0.0021, 0.0043, 0.0008, 0.0019, 0.0101, 0.0005};
    close(0.022144522144522144, Inference.mannWhitney(x, y)); // exact: no ties
    double[] x2 = {0.5, 0.5, 0.1, 0.2, 0.3, 0.5, 0.7, 0.05};
    double[] y2 = {0.5, 0.01, 0.02, 0.5, 0.03, 0.04};
    close(0.09885630223350042, Inference.mannWhitney(x2, y2)); // ties: normal approximation
    assertEquals(1.0, Inference.mannWhitney(new double[] {0.1, 0.1}, new double[] {0.1}));
    assertTrue(Double.isNaN(Inference.mannWhitney(new double[0], y)));
  }

  @Test
  void holmRejectsStepByStep() {
    // m = 4 tests: 0.01 <= 0.05/4, 0.012 <= 0.05/3, 0.04 > 0.05/2 stops; NaN is no test.
    assertArrayEquals(new boolean[] {false, true, true, false, false},
        Inference.holm(List.of(0.04, 0.01, 0.012, Double.NaN, 0.3)));
    assertArrayEquals(new boolean[] {false}, Inference.holm(List.of(0.05000001)));
    assertArrayEquals(new boolean[] {true}, Inference.holm(List.of(0.05)));
  }

  @Test
  void ratesAndPValuesPrintShort() {
    assertEquals("7/10 [0.40, 0.89]", Inference.rate(7, 10));
    assertEquals("5/5 [0.57, 1.00]", Inference.rate(5, 5));
    assertEquals("0.0198", Inference.p(0.019766611097880443));
    assertEquals("0.00328", Inference.p(0.003276003276003276));
    assertEquals("2.8e-04", Inference.p(0.00027594561852200836));
    assertEquals("-", Inference.p(Double.NaN));
  }
}
