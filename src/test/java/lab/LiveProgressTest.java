package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lab.experiment.ExperimentRunner;
import lab.results.LiveProgress;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a run trains, its in-progress folder holds progress.csv with the metrics rows so far
 * (what ./lab ui draws live); the finished result does not hold it, and its metrics.csv is the
 * same rows.
 */
class LiveProgressTest {

  @Test
  void theRowsSoFarAreInTheInProgressFolderAndGoneFromTheResult(@TempDir Path results)
      throws IOException {
    ExperimentSpec spec = TestSpecs.project("xor-3hidden", "epochs=300", "record_every=50",
        "log_every=100");
    List<List<String>> seen = new ArrayList<>();
    // The trainer prints every log_every epochs, after it has recorded that epoch's row.
    PrintStream console = new PrintStream(new ByteArrayOutputStream()) {
      @Override
      public void println(String line) {
        if (line.startsWith("Epoch: ")) seen.add(progressLines(results.resolve(".incoming")));
      }
    };
    ExperimentRunner.run(spec, results.resolve("xor-3hidden"), console);
    Path dir = results.resolve("xor-3hidden");
    List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
    assertFalse(Files.exists(dir.resolve(LiveProgress.FILE)), "progress.csv left in the result");
    assertEquals(3, seen.size(), "prints at epochs 100, 200, 300");
    for (List<String> lines : seen) {
      assertTrue(lines.size() >= 2, "header and the untrained row at least: " + lines);
      assertEquals(metrics.subList(0, lines.size()), lines, "the same rows as metrics.csv");
    }
    assertEquals(metrics, seen.get(2), "the last epoch's row is written at once");
  }

  private static List<String> progressLines(Path incoming) {
    try (Stream<Path> s = Files.list(incoming)) {
      List<Path> files = s.map(d -> d.resolve(LiveProgress.FILE)).filter(Files::isRegularFile)
          .toList();
      assertEquals(1, files.size(), "one run in progress");
      return Files.readAllLines(files.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
