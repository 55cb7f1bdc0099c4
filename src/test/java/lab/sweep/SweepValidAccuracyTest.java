package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A success criterion on validation accuracy: judged per job from its summary.json, shown in
 * runs.csv and summary.md, and charted (a depth x width map for a swept model.hidden).
 */
class SweepValidAccuracyTest {

  /** Noisy XOR on 40 points, 4 points (depth 1, 2 x width 2, 4) on 2 seeds, a few epochs. */
  private static final String NOISY = """
      name: noisy
      spec:
        experiment: noisy-xor
        data: {n: 40}
        model: {hidden: [4], activation: relu}
        optimizer: {name: sgd, lr: 0.05}
        epochs: 6
        batch: 4
        log_every: 0
        record_every: 1
      grid:
        model.hidden: [[2], [4], [2, 2], [4, 4]]
      seeds: 2
      success: {valid_accuracy: 0.6}
      target_loss: 0.6
      """;

  private static JobResult result(Map<String, Double> accuracies, boolean diverged) {
    return new JobResult(null, diverged, 0.1, accuracies, -1, 1.0, null, false);
  }

  @Test
  void validAccuracyCriterionIsAThresholdOnTheJobsValidationAccuracy() {
    Success s = Success.parse("f.yaml", Map.of("valid_accuracy", 0.9));
    assertTrue(s.test(result(Map.of("train_accuracy", 0.5, "valid_accuracy", 0.9), false)));
    assertFalse(s.test(result(Map.of("train_accuracy", 1.0, "valid_accuracy", 0.89), false)));
    assertFalse(s.test(result(Map.of("train_accuracy", 1.0), false)), "no validation set");
    assertFalse(s.test(result(Map.of("valid_accuracy", 1.0), true)), "diverged");
  }

  @Test
  void noisyXorSweepRecordsAndJudgesValidationAccuracy(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "noisy", NOISY);
    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--parallel", "1",
        "--results", dir.toString());
    assertEquals(0, o.code(), o.err());
    Path sweepDir = dir.resolve("sweeps/noisy");

    List<String> rows = Files.readAllLines(sweepDir.resolve("runs.csv"));
    List<String> cols = SweepTestFiles.cells(rows.get(0));
    assertTrue(cols.containsAll(List.of("train_accuracy", "valid_accuracy")), cols.toString());
    assertEquals(1 + 4 * 2, rows.size());
    for (String row : rows.subList(1, rows.size())) {
      List<String> c = SweepTestFiles.cells(row);
      double valid = Double.parseDouble(c.get(cols.indexOf("valid_accuracy")));
      assertTrue(valid >= 0 && valid <= 1, row);
      assertEquals(Boolean.toString(valid >= 0.6), c.get(cols.indexOf("success")), row);
    }

    String md = Files.readString(sweepDir.resolve("summary.md"));
    assertTrue(md.contains("| valid accuracy: median (min-max) |"), md);
    assertTrue(md.contains("validation half"), md);
    assertFalse(md.contains("four XOR points"), md);

    Path charts = sweepDir.resolve("charts");
    // model.hidden over two depths and two widths is drawn as a width x depth map.
    for (String png : List.of("success-rate.png", "valid-accuracy.png",
        "valid-accuracy-strip.png", "final-loss-strip.png", "curves/point-000.png", "curves/point-000-valid.png",
        "curves/point-003-valid.png")) {
      assertTrue(Files.size(charts.resolve(png)) > 0, png);
    }
    List<SweepCharts.Axis> axes =
        SweepCharts.axes(SweepLoader.load(sweepDir.resolve("sweep.yaml")));
    assertEquals(List.of("2", "4"), axes.get(0).values());
    assertEquals(List.of("1", "2"), axes.get(1).values());
    assertEquals("2", axes.get(1).of().apply(Map.of("model.hidden", List.of(4, 4))));
  }

  @Test
  void oneSweptKeyGetsBarsInsteadOfAMap(@TempDir Path dir) throws Exception {
    // Widths at one depth only: model.hidden stays one axis, and one axis is drawn as bars.
    String yaml = NOISY.replace("[[2], [4], [2, 2], [4, 4]]", "[[2], [4]]");
    Sweep sweep = SweepTestFiles.resolve(yaml);
    assertEquals(1, SweepCharts.axes(sweep).size());
    assertEquals(List.of("[2]", "[4]"), SweepCharts.axes(sweep).get(0).values());
    Path file = SweepTestFiles.write(dir, "noisy", yaml.replace("seeds: 2", "seeds: 1"));
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--parallel", "1",
        "--results", dir.toString()).code());
    assertTrue(Files.size(dir.resolve("sweeps/noisy/charts/success-rate.png")) > 0);
    assertTrue(Files.size(dir.resolve("sweeps/noisy/charts/valid-accuracy.png")) > 0);
  }
}
