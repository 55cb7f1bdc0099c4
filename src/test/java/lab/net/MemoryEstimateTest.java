package lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.LabCli;
import lab.TestSpecs;
import lab.core.Project;
import lab.core.UserError;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that cannot fit in memory are refused before training, naming the key; others run. */
class MemoryEstimateTest {

  @Test
  void anImpossibleModelIsOneLineAndExitTwoBeforeAnythingIsWritten(@TempDir Path results) {
    LabCli.Result r = LabCli.run("run", "xor-3hidden", "--set",
        "model.hidden=[100000,100000,100000,100000]", "--results", results.toString());
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    // The value came from --set, which the line names (not the spec file).
    assertTrue(err.startsWith("error: --set model.hidden=[100000,100000,100000,100000]:"
        + " model.hidden: [100000, 100000, 100000, 100000] needs about 782.3 GB of memory"), err);
    assertTrue(err.contains("more than the") && err.contains("available"), err);
    assertFalse(Files.exists(results.resolve("xor-3hidden")));
    // ./lab trace builds the same network: refused the same way (it crashed in ND4J's allocator).
    LabCli.Result t = LabCli.run("trace", "xor-3hidden", "--set",
        "model.hidden=[100000,100000,100000,100000]", "--results", results.toString());
    assertEquals(2, t.code(), t.err());
    assertEquals(err, t.err().strip());
  }

  @Test
  void theParametersOfA221AdamNetworkAreCounted() {
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam");
    MemoryEstimate e = MemoryEstimate.of(spec);
    assertEquals(9, e.parameterCount()); // 2x2 + 2, 2x1 + 1
    int bytes = spec.isDouble() ? 8 : 4;
    assertEquals(9L * bytes, e.parameters());
    assertEquals(2 * 9L * bytes, e.optimizerState());
  }

  @Test
  void theCheckpointsCopyOfTheParametersAndTheOptimizerStateIsCounted() {
    MemoryEstimate e = MemoryEstimate.of(TestSpecs.project("xor-2-2-1-adam"));
    assertEquals(e.parameters() + e.optimizerState(), e.checkpointCopy());
    // The parameters, their gradients and the copy; the optimizer state and its copy.
    assertEquals(3 * e.parameters() + 2 * e.optimizerState() + e.activations() + e.data(),
        e.total());
  }

  @Test
  void everyShippedExperimentFitsUnderTheDefaultCap() {
    for (Path file : Project.specFiles()) {
      ExperimentSpec spec = SpecLoader.load(file, java.util.List.of());
      MemoryEstimate.check(spec, file.toString(), 4L << 30);
    }
  }

  @Test
  void theKeyNamedIsTheOneThatCostsMost() {
    // MNIST's metrics pass all 55,000 training rows at once: a smaller batch would not help.
    ExperimentSpec wideBatch = TestSpecs.project("mnist-modern", "batch=50000");
    UserError e = assertThrows(UserError.class,
        () -> MemoryEstimate.check(wideBatch, "m.yaml", 200L << 20));
    assertTrue(e.getMessage().startsWith("m.yaml: data.train_limit: 0 needs about"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("fewer rows (the metrics pass 55000 rows at once,"
        + " whatever the batch)"), e.getMessage());
    ExperimentSpec wide = TestSpecs.project("mnist-ch11", "model.hidden=[100000,100000]");
    UserError w = assertThrows(UserError.class,
        () -> MemoryEstimate.check(wide, "w.yaml", 4L << 30));
    assertTrue(w.getMessage().startsWith("w.yaml: model.hidden: [100000, 100000] needs about"),
        w.getMessage());
    // A full batch of noisy XOR's training points is what goes through at once.
    ExperimentSpec fullBatch = TestSpecs.project("noisy-xor-mlp", "data.n=2000000",
        "model.hidden=[4000]", "batch=1000000");
    UserError f = assertThrows(UserError.class,
        () -> MemoryEstimate.check(fullBatch, "f.yaml", 1L << 30));
    assertTrue(f.getMessage().startsWith("f.yaml: batch: 1000000 needs about"), f.getMessage());
    ExperimentSpec manyPoints = TestSpecs.project("noisy-xor-mlp", "data.n=10000000",
        "model.hidden=[1]");
    UserError d = assertThrows(UserError.class,
        () -> MemoryEstimate.check(manyPoints, "n.yaml", 1L << 20));
    assertTrue(d.getMessage().startsWith("n.yaml: "), d.getMessage());
    assertTrue(d.getMessage().contains("needs about"), d.getMessage());
    // Ten million noisy points with a small hidden layer: the data is to blame, not the layer
    // (the metrics pass 5,000,000 rows through it at once).
    ExperimentSpec points = TestSpecs.project("noisy-xor-mlp", "data.n=10000000",
        "model.hidden=[4]");
    UserError p = assertThrows(UserError.class,
        () -> MemoryEstimate.check(points, "p.yaml", 200L << 20));
    assertTrue(p.getMessage().startsWith("p.yaml: data.n: 10000000 needs about"), p.getMessage());
  }

  /** A key given with --set is named by that --set, not by the spec file it did not come from. */
  @Test
  void aKeyFromTheCommandLineIsNamedByItsSet() {
    List<String> sets = List.of("epochs=3", "model.hidden=[100000,100000]");
    ExperimentSpec wide = TestSpecs.project("mnist-ch11", sets.toArray(String[]::new));
    UserError w = assertThrows(UserError.class, () -> MemoryEstimate.check(wide, "w.yaml",
        lab.spec.Overrides.of(sets), 4L << 30));
    assertTrue(w.getMessage().startsWith("--set model.hidden=[100000,100000]: model.hidden:"
        + " [100000, 100000] needs about"), w.getMessage());
    UserError f = assertThrows(UserError.class, () -> MemoryEstimate.check(wide, "w.yaml",
        lab.spec.Overrides.of(List.of("epochs=3")), 4L << 30));
    assertTrue(f.getMessage().startsWith("w.yaml: model.hidden:"), f.getMessage());
  }

  @Test
  void aSweepWithAnImpossibleJobIsRefusedBeforeItsFolderIsMade(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("big.yaml"), """
        name: big
        base: xor-3hidden
        grid:
          model.hidden: [[2], [100000, 100000, 100000]]
        seeds: 2
        success: {train_accuracy: 1.0}
        """);
    LabCli.Result r = LabCli.run("sweep", file.toString(), "--results", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("model.hidden: [100000, 100000, 100000] needs about"), r.err());
    assertFalse(Files.exists(dir.resolve("sweeps/big")));
  }
}
