package lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.cli.Main;
import lab.experiment.ExperimentRunner;
import lab.experiment.XorExperiment;
import lab.net.ParameterReplay;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short XOR run through the shared runner: its files, replay, determinism, chart redraw. */
class XorResultTest {

  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  static Map<String, Object> run(ExperimentSpec spec, Path results) {
    return ExperimentRunner.run(spec, results.resolve(spec.name()), QUIET);
  }

  @Test
  void writesTheResultsLayout(@TempDir Path results) {
    ExperimentSpec spec = TestSpecs.project("xor-3hidden", "epochs=300", "record_every=50");
    Map<String, Object> summary = run(spec, results);
    Path dir = results.resolve("xor-3hidden");
    for (String f : List.of("spec.yaml", "metrics.csv", "summary.json", "loss.png",
        "accuracy.png", "output-surface.png")) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    MetricsTable m = MetricsTable.read(dir.resolve("metrics.csv"));
    assertEquals(List.of("epoch", "train_loss", "train_accuracy"), m.columns());
    assertArrayEquals(new double[] {0, 50, 100, 150, 200, 250, 300}, m.column("epoch"));
    for (String key : List.of("name", "experiment", "seed", "epochs", "final_train_loss",
        "train_accuracy", "train_seconds", "spec", "provenance", "predictions", "parameters")) {
      assertTrue(summary.containsKey(key), key);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> prov = (Map<String, Object>) Json.read(dir.resolve("summary.json"))
        .get("provenance");
    for (String key : List.of("dl4j_version", "nd4j_backend", "nd4j_binary", "java", "os",
        "omp_threads", "git_commit", "time", "data_sha256")) {
      assertTrue(prov.containsKey(key), key);
    }
    assertEquals("1.0.0-M2.1", prov.get("dl4j_version"));
    // No temporary folder is left behind once the result is in place.
    assertEquals(List.of(), listOrEmpty(results.resolve(".incoming")));
  }

  @Test
  void replayOfStoredParametersMatchesTheNetworkOutput(@TempDir Path results) {
    ExperimentSpec spec = TestSpecs.project("xor-3hidden", "epochs=400");
    run(spec, results);
    assertReplayMatches(results.resolve("xor-3hidden/summary.json"));
  }

  @Test
  void committedReferenceResultsReplayToTheirPredictions() {
    for (String name : List.of("xor-2-2-1-sgd", "xor-deep-sgd", "xor-2-2-1-adam", "xor-3hidden")) {
      assertReplayMatches(TestSpecs.projectDir().resolve("results").resolve(name)
          .resolve("summary.json"));
    }
  }

  /** Seed note 000's last cell: recompute the outputs from the printed parameters by hand. */
  @SuppressWarnings("unchecked")
  static void assertReplayMatches(Path summaryFile) {
    Map<String, Object> summary = Json.read(summaryFile);
    ParameterReplay replay = XorExperiment.replayOf(summary, summaryFile, 2);
    List<Number> predictions = (List<Number>) summary.get("predictions");
    for (int i = 0; i < 4; i++) {
      double byHand = replay.output(XorExperiment.INPUTS[i])[0];
      assertEquals(predictions.get(i).doubleValue(), byHand, 1e-6, summaryFile + " point " + i);
    }
  }

  @Test
  void sameSpecAndSeedGiveIdenticalNumbers(@TempDir Path a, @TempDir Path b) {
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam", "epochs=300");
    Map<String, Object> first = run(spec, a);
    Map<String, Object> second = run(spec, b);
    assertEquals(first.get("final_train_loss"), second.get("final_train_loss"));
    assertArrayEquals(MetricsTable.read(a.resolve("xor-2-2-1-adam/metrics.csv")).column(
        "train_loss"), MetricsTable.read(b.resolve("xor-2-2-1-adam/metrics.csv")).column(
        "train_loss"));
    Map<String, Object> otherSeed = run(spec.with(Map.of("seed", 1L)), a);
    assertNotEquals(first.get("final_train_loss"), otherSeed.get("final_train_loss"));
  }

  @Test
  void chartsRedrawFromStoredFilesAlone(@TempDir Path results) throws Exception {
    run(TestSpecs.project("xor-2-2-1-adam", "epochs=100"), results);
    Path dir = results.resolve("xor-2-2-1-adam");
    List<String> charts = List.of("loss.png", "accuracy.png", "output-surface.png");
    for (String c : charts) Files.delete(dir.resolve(c));
    assertEquals(0, Main.execute("charts", "xor-2-2-1-adam", "--results", results.toString()));
    for (String c : charts) {
      var image = javax.imageio.ImageIO.read(dir.resolve(c).toFile());
      assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, c);
    }
  }

  static List<Path> listOrEmpty(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (var s = Files.list(dir)) {
      return s.toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
