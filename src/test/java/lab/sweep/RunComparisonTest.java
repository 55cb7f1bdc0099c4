package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import lab.LabCli;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./lab compare on runs: results/compare/NAME/ with compare.md, compare.json and compare.png;
 * runs of different experiments (the columns not shared are named); runs by path; and the
 * one-line errors.
 */
class RunComparisonTest {

  private static void run(Path results, String spec, String name, String... sets) {
    List<String> args = new java.util.ArrayList<>(List.of("run", spec, "--name", name,
        "--results", results.toString(), "--set", "log_every=0"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    LabCli.Result r = LabCli.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void runsOfTwoExperimentsSideBySide(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("results");
    run(results, "xor-2-2-1-sgd", "sgd", "epochs=60", "record_every=5");
    run(results, "xor-2-2-1-adam", "adam", "epochs=60", "record_every=5");
    run(results, "noisy-xor-logreg", "logreg", "epochs=3", "record_every=1");

    LabCli.Result r = LabCli.run("compare", "sgd", "adam",
        results.resolve("logreg").toString(), "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    Path out = results.resolve("compare/sgd-vs-adam-vs-logreg");
    assertTrue(r.out().contains("-> " + out), r.out());
    String md = Files.readString(out.resolve("compare.md"));
    assertTrue(r.out().startsWith(md), r.out());
    List<String> lines = md.lines().toList();
    assertTrue(lines.get(0).startsWith("| run | experiment |"), lines.get(0));
    assertTrue(lines.get(0).contains(" optimizer.name |"), lines.get(0));
    assertTrue(lines.get(0).contains(" final_train_loss | train_accuracy | valid_loss |"),
        lines.get(0));
    assertTrue(lines.get(2).startsWith("| sgd | xor |"), lines.get(2));
    assertTrue(lines.get(4).startsWith("| logreg | noisy-xor |"), lines.get(4));
    assertTrue(md.contains("Columns of metrics.csv not in every run (not charted): valid_loss"
        + " (missing in sgd, adam); valid_accuracy (missing in sgd, adam)"), md);

    Map<String, Object> json = Json.read(out.resolve("compare.json"));
    assertEquals(List.of("epoch", "train_loss", "train_accuracy"),
        json.get("shared_metrics_columns"));
    List<?> runs = (List<?>) json.get("runs");
    assertEquals(3, runs.size());
    Map<?, ?> sgd = (Map<?, ?>) runs.get(0);
    Map<String, Object> summary = Json.read(results.resolve("sgd/summary.json"));
    assertEquals(summary.get("final_train_loss"),
        ((Map<?, ?>) sgd.get("final")).get("final_train_loss"));
    assertEquals("sgd", ((Map<?, ?>) sgd.get("differing_spec")).get("optimizer.name"));
    // One chart, two panels (loss and accuracy) side by side.
    var png = ImageIO.read(out.resolve("compare.png").toFile());
    assertEquals(2 * lab.chart.Charts.WIDTH, png.getWidth());
    try (Stream<Path> left = Files.list(results.resolve("compare"))) {
      assertEquals(List.of(out), left.filter(p -> !p.getFileName().toString().startsWith("."))
          .toList(), "nothing but the comparison (no temporary folder) is left");
    }
  }

  @Test
  void errorsAreOneLine(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("results");
    run(results, "xor-2-2-1-sgd", "sgd", "epochs=5");
    Files.createDirectories(results.resolve("sweeps/somesweep"));
    Files.writeString(results.resolve("sweeps/somesweep/sweep.yaml"), "name: somesweep\n");
    String root = results.toString();

    LabCli.Result missing = LabCli.run("compare", "sgd", "nosuch", "--results", root);
    assertOneLine(missing, "compare: nosuch: no run there");
    LabCli.Result one = LabCli.run("compare", "sgd", "--results", root);
    assertOneLine(one, "compare sgd: no other run to set beside it");
    LabCli.Result mixed = LabCli.run("compare", "sgd", "somesweep", "--results", root);
    assertOneLine(mixed, "give either sweeps or result folders (runs), not both");
    LabCli.Result twice = LabCli.run("compare", "sgd", "sgd", "--results", root);
    assertOneLine(twice, "sgd: given twice; allowed: different sweeps or runs");
    assertFalse(Files.exists(results.resolve("compare")), "nothing written on an error");
  }

  private static void assertOneLine(LabCli.Result r, String expected) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }
}
