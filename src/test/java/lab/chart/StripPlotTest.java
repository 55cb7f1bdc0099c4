package lab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StripPlotTest {

  @Test
  void thirtyPointsMakeThreePanelsOfTen() {
    List<List<Integer>> panels = StripPlot.panels(IntStream.range(0, 30).boxed().toList(), 12);
    assertEquals(3, panels.size());
    for (List<Integer> p : panels) assertEquals(10, p.size());
    assertEquals(List.of(20, 21, 22, 23, 24, 25, 26, 27, 28, 29), panels.get(2));
    assertEquals(1, StripPlot.panels(List.of(1, 2, 3), 12).size());
  }

  @Test
  void thirtyPointsAreDrawnAsSeveralFiles(@TempDir Path dir) throws Exception {
    List<StripPlot.Strip> strips = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      strips.add(new StripPlot.Strip("adam 0.001 [2,2," + i + "]",
          new double[] {Math.pow(10, -i / 5.0), 0.5, 0.25}));
    }
    List<Path> files = StripPlot.draw(dir, "final-loss-strip", "t", "point", "loss (log)", true,
        strips);
    assertEquals(List.of(dir.resolve("final-loss-strip--1-of-3.png"),
        dir.resolve("final-loss-strip--2-of-3.png"),
        dir.resolve("final-loss-strip--3-of-3.png")), files);
    for (Path f : files) assertTrue(Files.size(f) > 5_000, f.toString());
  }

  @Test
  void jitterIsFixedAndNarrowerThanAColumn() {
    for (int i = 0; i < 50; i++) {
      assertEquals(StripPlot.jitter(i), StripPlot.jitter(i));
      assertTrue(Math.abs(StripPlot.jitter(i)) <= 0.18, "jitter " + i);
    }
    assertTrue(StripPlot.jitter(1) != StripPlot.jitter(2));
  }

  @Test
  void onlyColumnPositionsAreLabelled() {
    List<String> labels = List.of("a", "b");
    assertEquals("b", StripPlot.label(labels, 1.0));
    assertTrue(!StripPlot.label(labels, 0.5).equals(StripPlot.label(labels, -0.5)));
    assertTrue(!StripPlot.label(labels, 2.0).equals("b"));
  }
}
