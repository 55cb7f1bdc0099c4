package lab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TickFormatTest {

  @Test
  void largeNumbersGetAUnit() {
    assertEquals("2k", TickFormat.compact(2000));
    assertEquals("10k", TickFormat.compact(10_000));
    assertEquals("1.8k", TickFormat.compact(1800));
    assertEquals("1.5M", TickFormat.compact(1_500_000));
    assertEquals("500", TickFormat.compact(500));
    assertEquals("0", TickFormat.compact(0));
  }

  @Test
  void smallNumbersStayShort() {
    assertEquals("0.5", TickFormat.compact(0.5));
    assertEquals("0.001", TickFormat.compact(0.001));
    assertEquals("1e-4", TickFormat.compact(1e-4));
    assertEquals("2.5e-5", TickFormat.compact(2.5e-5));
    assertEquals("1e-6", TickFormat.compact(9.9999999e-7));
  }

  @Test
  void logAxesSpanWholeDecades() {
    double[] d = LogAxis.decades(List.of(new double[] {0.0023, 0.7}, new double[] {0, -1}));
    assertEquals(0.001, d[0], 1e-15);
    assertEquals(1, d[1], 1e-12);
    // Less than one decade: a log axis would label nothing, so the axis is linear.
    assertNull(LogAxis.decades(List.of(new double[] {0.693, 0.711})));
    assertEquals("train loss", LogAxis.linearTitle("train loss (log)"));
  }
}
