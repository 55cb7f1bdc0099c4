package lab.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.LabCli;
import lab.cli.Main;
import lab.experiment.EngineComparison;
import lab.results.Json;
import lab.results.MetricsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lab run SPEC --engine scratch}: files, summary, reproducibility, bad input. */
class ScratchRunCommandTest {
  /** The run's own folder: a run with --set never replaces results/NAME-scratch/. */
  static final String FOLDER = "xor-2-2-1-sgd-scratch@epochs=300,log_every=0";

  static Map<String, Object> run(Path results) {
    int code = Main.execute("run", "xor-2-2-1-sgd", "--engine", "scratch", "--set", "epochs=300",
        "--set", "log_every=0", "--results", results.toString());
    assertEquals(0, code);
    return Json.read(results.resolve(FOLDER).resolve("summary.json"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesTheComparisonAndRepeatsItself(@TempDir Path first, @TempDir Path second)
      throws Exception {
    Map<String, Object> a = run(first);
    Path dir = first.resolve(FOLDER);
    assertEquals("scratch", a.get("engine"));
    assertTrue(Files.size(dir.resolve(EngineComparison.PNG)) > 1000);
    MetricsTable table = MetricsTable.read(dir.resolve(EngineComparison.CSV));
    // The scratch column is the run's own metrics.csv; the DL4J column is the other engine.
    MetricsTable metrics = MetricsTable.read(dir.resolve("metrics.csv"));
    assertEquals(metrics.last("train_loss"), table.last("scratch_loss"), 0.0);
    Map<String, Object> cmp = (Map<String, Object>) a.get("engine_comparison");
    assertEquals(table.last("dl4j_loss"),
        ((Number) cmp.get("final_dl4j_train_loss")).doubleValue(), 0.0);

    Map<String, Object> b = run(second);
    assertEquals(a.get("final_train_loss"), b.get("final_train_loss"));
    assertEquals(a.get("parameters"), b.get("parameters"));
  }

  @Test
  void rejectsAnUnknownEngine(@TempDir Path results) {
    LabCli.Result r = LabCli.run("run", "xor-2-2-1-sgd", "--engine", "torch",
        "--results", results.toString());
    assertEquals(Main.USER_ERROR, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("engine: 'torch' is not allowed"), r.err());
  }

  /**
   * Dropout is what the scratch engine lacks (DL4J's masks come from ND4J's generator): one line
   * naming the file, the key and the value, exit 2, before any MNIST file is read or fetched.
   */
  @Test
  void rejectsDropoutInOneLineBeforeReadingData(@TempDir Path results) {
    LabCli.Result r = LabCli.run("run", "mnist-modern", "--engine", "scratch",
        "--results", results.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("mnist-modern.yaml: engine scratch: model.dropout: 0.2 is not"
        + " supported"), r.err());
    assertTrue(r.out().lines().noneMatch(l -> l.startsWith("MNIST:")), "no data read: " + r.out());
    assertTrue(!Files.exists(results.resolve("mnist-modern-scratch")), "no result after a rejection");
  }

  /** An experiment the scratch engine does not train at all: the engines allowed are named. */
  @Test
  void rejectsTheScratchEngineForNoisyXor(@TempDir Path results) {
    LabCli.Result r = LabCli.run("run", "noisy-xor-mlp", "--engine", "scratch",
        "--results", results.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    // --engine is blamed, not the file (which has no engine key)
    assertTrue(r.err().startsWith("error: --engine scratch: engine: scratch is not available for"
        + " experiment noisy-xor (set at "), r.err());
    assertTrue(r.err().contains("noisy-xor-mlp.yaml:"), r.err());
    assertTrue(r.err().contains("; allowed here: dl4j, dl4j-stock"), r.err());
  }
}
