package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.TestSpecs;
import lab.experiment.ExperimentRunner;
import lab.results.Json;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run on real digits (needs the checked data cache: ./lab data mnist, which .ci/run
 * does first): the modern recipe on 4,000 training images for 4 epochs, through the results
 * writer, with every file and chart, then the charts redrawn from the stored files.
 */
class MnistTrainingTest {

  @BeforeAll
  static void needsTheDataCache() {
    lab.mnist.MnistCache.require("MnistTrainingTest");
  }

  private static Map<String, Object> run(Path dir) {
    ExperimentSpec spec = TestSpecs.project("mnist-modern", "data.train_limit=4000", "epochs=4",
        "name=mnist-short");
    ExperimentRunner.run(spec, dir.resolve("mnist-short"),
        new PrintStream(new ByteArrayOutputStream()));
    return Json.read(dir.resolve("mnist-short/summary.json"));
  }

  @Test
  void aShortRunOnFourThousandImagesBeats85Percent(@TempDir Path dir) throws Exception {
    Map<String, Object> summary = run(dir);
    double test = ((Number) summary.get("test_accuracy")).doubleValue();
    assertTrue(test > 0.85, "test accuracy " + test);
    assertEquals(4000, ((Number) summary.get("train_size")).intValue());
    assertEquals(5000, ((Number) summary.get("valid_size")).intValue());
    assertEquals(10_000, ((Number) summary.get("test_size")).intValue());
    assertEquals(10, ((List<?>) summary.get("per_class_test_accuracy")).size());
    int wrong = ((Number) summary.get("misclassified_count")).intValue();
    assertEquals(Math.min(25, wrong), ((List<?>) summary.get("first_misclassified")).size());
    assertEquals(1 - wrong / 10_000.0, test, 1e-12);

    Path out = dir.resolve("mnist-short");
    double[][] confusion = lab.experiment.MnistCharts.readConfusion(out.resolve("confusion.csv"));
    long total = 0;
    long right = 0;
    for (int r = 0; r < 10; r++) {
      for (int c = 0; c < 10; c++) total += (long) confusion[r][c];
      right += (long) confusion[r][r];
    }
    assertEquals(10_000, total);
    assertEquals(10_000 - wrong, right);

    List<String> charts = List.of("loss.png", "accuracy.png", "digits.png", "digit-variants.png",
        "misclassified.png", "confusion.png");
    for (String png : charts) {
      assertTrue(Files.size(out.resolve(png)) > 1000, png);
      Files.delete(out.resolve(png));
    }
    ExperimentRunner.redrawCharts(out);
    for (String png : charts) assertTrue(Files.size(out.resolve(png)) > 1000, "redrawn " + png);
  }

  @Test
  void sameSpecAndSeedGiveTheSameNumbers(@TempDir Path dir) throws Exception {
    Map<String, Object> a = run(dir.resolve("a"));
    Map<String, Object> b = run(dir.resolve("b"));
    assertEquals(a.get("test_accuracy"), b.get("test_accuracy"));
    assertEquals(a.get("final_train_loss"), b.get("final_train_loss"));
    assertEquals(Files.readString(dir.resolve("a/mnist-short/metrics.csv")),
        Files.readString(dir.resolve("b/mnist-short/metrics.csv")));
  }
}
