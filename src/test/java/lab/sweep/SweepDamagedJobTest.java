package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished sweep one of whose job folders was damaged afterwards (a summary.json that is JSON
 * but not a run's, a word for a loss, a metrics.csv of garbage): --resume, charts and compare
 * --by say which file and key in one line, exit 2. Before, the sweep put NaN into runs.csv and
 * exited 0, and compare and the charts stopped with stack traces (an audit's findings).
 */
class SweepDamagedJobTest {

  @Test
  void aDamagedJobIsNamedInOneLine(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    Path results = dir.resolve("r");
    SweepTestFiles.Outcome first = SweepTestFiles.lab("sweep", file.toString(), "--results",
        results.toString());
    assertEquals(0, first.code(), first.err());
    Path runs = results.resolve("sweeps/tiny/runs");
    Path job;
    try (Stream<Path> s = Files.list(runs)) {
      job = s.filter(d -> d.getFileName().toString().startsWith("0000-")).findFirst()
          .orElseThrow();
    }
    String summary = Files.readString(job.resolve("summary.json"));
    String metrics = Files.readString(job.resolve("metrics.csv"));
    Map<String, Runnable> damages = new java.util.LinkedHashMap<>();
    damages.put("summary.json: experiment: null is not allowed; allowed: a name (text)",
        () -> write(job.resolve("summary.json"), "{\"name\": \"x\"}"));
    damages.put("summary.json: final_train_loss: x is not allowed; allowed: a finite number or"
        + " null", () -> write(job.resolve("summary.json"),
        summary.replaceFirst("\"final_train_loss\" *: *[-0-9.eE]+", "\"final_train_loss\": \"x\"")));
    damages.put("metrics.csv:1: 'garbage' is not a metrics header",
        () -> write(job.resolve("metrics.csv"), "garbage\n"));
    for (var d : damages.entrySet()) {
      write(job.resolve("summary.json"), summary);
      write(job.resolve("metrics.csv"), metrics);
      d.getValue().run();
      for (List<String> args : List.of(
          List.of("sweep", file.toString(), "--resume", "--results", results.toString()),
          List.of("charts", "sweeps/tiny", "--results", results.toString()),
          List.of("compare", "tiny", "--by", "optimizer.name", "--results",
              results.toString()))) {
        SweepTestFiles.Outcome r = SweepTestFiles.lab(args.toArray(String[]::new));
        assertEquals(2, r.code(), args + ", " + d.getKey() + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + job.resolve(d.getKey())), args + ": " + r.err());
      }
    }
  }

  /**
   * A diverged job (a complete folder without metrics or model): eval and predict say it
   * diverged, not that it was a scratch run; charts of the job alone says it has no metrics.
   */
  @Test
  void aDivergedJobIsNamedAsSuch(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "diverging", SweepTestFiles.diverging(1));
    Path results = dir.resolve("r");
    SweepTestFiles.Outcome first = SweepTestFiles.lab("sweep", file.toString(), "--results",
        results.toString());
    assertEquals(0, first.code(), first.err());
    String job;
    try (Stream<Path> s = Files.list(results.resolve("sweeps/diverging/runs"))) {
      job = s.map(d -> d.getFileName().toString()).filter(n -> n.contains("lr=50"))
          .findFirst().orElseThrow();
    }
    String path = "sweeps/diverging/runs/" + job;
    Path input = Files.writeString(dir.resolve("in.csv"), "0,1\n");
    for (List<String> args : List.of(
        List.of("eval", path, "--results", results.toString()),
        List.of("predict", path, "--input", input.toString(), "--results", results.toString()))) {
      SweepTestFiles.Outcome r = SweepTestFiles.lab(args.toArray(String[]::new));
      assertEquals(2, r.code(), args + ": " + r.err());
      assertTrue(r.err().contains("model.zip: no saved model: the run diverged (its loss became"
          + " NaN or infinite at epoch "), r.err());
    }
    SweepTestFiles.Outcome c = SweepTestFiles.lab("charts", path, "--results",
        results.toString());
    assertEquals(2, c.code(), c.err());
    assertTrue(c.err().contains(": the run diverged (its loss became NaN or infinite at epoch ")
        && c.err().contains("it has no metrics to chart"), c.err());
  }

  private static void write(Path f, String text) {
    try {
      Files.writeString(f, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
