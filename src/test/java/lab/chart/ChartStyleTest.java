package lab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ChartStyleTest {

  @Test
  void textContrastsWithItsCell() {
    // Viridis ends: dark violet wants light text, yellow wants dark text.
    assertEquals(Color.WHITE, ChartStyle.textOn(Charts.VIRIDIS[0]));
    assertEquals(ChartStyle.INK, ChartStyle.textOn(Charts.VIRIDIS[4]));
    assertEquals(Color.WHITE, ChartStyle.textOn(MapOverlays.fill(0.2, 0, 1, Charts.VIRIDIS)));
    assertEquals(ChartStyle.INK, ChartStyle.textOn(MapOverlays.fill(0.9, 0, 1, Charts.VIRIDIS)));
  }

  @Test
  void fillFollowsTheGradient() {
    assertEquals(Charts.VIRIDIS[0], MapOverlays.fill(0, 0, 1, Charts.VIRIDIS));
    assertEquals(Charts.VIRIDIS[4], MapOverlays.fill(1, 0, 1, Charts.VIRIDIS));
    assertEquals(Charts.VIRIDIS[2], MapOverlays.fill(0.5, 0, 1, Charts.VIRIDIS));
  }

  @Test
  void runTitlesNameWhatDiffers() {
    java.util.Map<String, Object> base = new java.util.LinkedHashMap<>();
    base.put("name", "x");
    base.put("engine", "dl4j");
    base.put("optimizer.lr", 0.1);
    java.util.Map<String, Object> run = new java.util.LinkedHashMap<>(base);
    run.put("engine", "scratch");
    run.put("optimizer.lr", 0.01);
    assertEquals("engine scratch, optimizer.lr 0.01", RunTitle.differences(base, run));
    assertEquals("", RunTitle.differences(base, base));
  }
}
