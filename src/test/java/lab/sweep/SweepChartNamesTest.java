package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.ChartNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep chart names, and that a redraw clears the charts of earlier names but nothing else. */
class SweepChartNamesTest {

  @Test
  void pointsBecomeNameParts() {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("model.hidden", List.of(2, 2, 2));
    point.put("optimizer.name", "adam");
    assertArrayEquals(new String[] {"hidden-[2,2,2]", "optimizer-adam"},
        SweepCharts.nameParts(point));
    assertEquals("final-loss-vs-lr--hidden-2-2-2--optimizer-adam.png",
        ChartNames.png("final-loss-vs-lr", "hidden-[2,2,2]", "optimizer-adam"));
  }

  @Test
  void oldAndNewChartNamesAreClearedOthersKept(@TempDir Path charts) throws Exception {
    Path curves = Files.createDirectories(charts.resolve("curves"));
    List<String> ours = List.of("final-loss-box.png", "final-loss-vs-lr-model.hidden=_2_2_2_.png",
        "success-rate-optimizer.name=adam.png", "valid-accuracy-box.png",
        "final-loss-strip--1-of-2.png", "success-rate--optimizer-adam.png");
    for (String f : ours) Files.writeString(charts.resolve(f), "x");
    Files.writeString(curves.resolve("point-007-valid.png"), "x");
    List<String> theirs = List.of("notes.md", "hand-made.png", "final-loss.txt");
    for (String f : theirs) Files.writeString(charts.resolve(f), "x");
    Files.writeString(curves.resolve("overlay.png"), "x");

    ChartNames.removeGenerated(charts, SweepCharts.GENERATED);
    ChartNames.removeGenerated(curves, SweepCharts.GENERATED_CURVES);

    for (String f : ours) assertFalse(Files.exists(charts.resolve(f)), f);
    assertFalse(Files.exists(curves.resolve("point-007-valid.png")));
    for (String f : theirs) assertTrue(Files.exists(charts.resolve(f)), f);
    assertTrue(Files.exists(curves.resolve("overlay.png")));
  }
}
