package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.data.BatchSource;
import lab.net.NetworkFactory;
import lab.results.Json;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import lab.train.Checkpoints;
import lab.train.EarlyStopping;
import lab.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A run with early stopping and restore_best, interrupted after a checkpoint and resumed from it,
 * ends exactly as the run never interrupted: the same metrics rows, stop and best epochs, and
 * final (restored) parameters. The checkpoint carries the best epoch's state, which the resumed
 * run cannot recompute.
 */
class EarlyStoppingResumeTest {

  /** Thrown by the batches at the epoch where the "crash" happens. */
  private static final class Crash extends RuntimeException {}

  @Test
  void aResumedRunStopsAndRestoresAsAnUninterruptedOne(@TempDir Path tmp) {
    ExperimentSpec spec = spec();
    DataSet data = XorExperiment.dataSet(false);
    Map<String, DataSet> sets = Trainer.sets("train", data);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    Path wholeDir = tmp.resolve("whole");
    MultiLayerNetwork whole = NetworkFactory.build(spec, 2, 1);
    Trainer.Outcome expected = new Trainer(spec, quiet)
        .checkpoints(Checkpoints.in(mkdir(wholeDir), spec))
        .train(whole, XorExperiment.batches(spec, data), sets);
    EarlyStopping.Result e = expected.earlyStopping();
    assertTrue(e.bestEpoch() <= CRASH_AT - 10 && e.stopEpoch() > CRASH_AT,
        "the best epoch is before the crash and the stop after it: " + e);

    Path cutDir = mkdir(tmp.resolve("cut"));
    MultiLayerNetwork victim = NetworkFactory.build(spec, 2, 1);
    BatchSource batches = XorExperiment.batches(spec, data);
    BatchSource crashing = (epoch, fit) -> {
      if (epoch == CRASH_AT) throw new Crash();
      batches.forEachBatch(epoch, fit);
    };
    // Every checkpoint taken (none left out while the one before is written), so that the last
    // one before the crash comes after the best epoch.
    assertThrows(Crash.class, () -> new Trainer(spec, quiet)
        .checkpoints(Checkpoints.in(cutDir, spec).waitingForEach())
        .train(victim, crashing, sets));
    Map<String, Object> checkpoint = Json.read(cutDir.resolve(Checkpoints.JSON));
    assertEquals(e.bestEpoch(), ((Number) checkpoint.get("best_epoch")).intValue());

    MultiLayerNetwork resumed = NetworkFactory.build(spec, 2, 1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Trainer.Outcome got = new Trainer(spec, new PrintStream(log, true, StandardCharsets.UTF_8))
        .checkpoints(Checkpoints.in(cutDir, spec))
        .train(resumed, XorExperiment.batches(spec, data), sets);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("resumed from the checkpoint"));

    List<double[]> a = expected.metrics().rows();
    List<double[]> b = got.metrics().rows();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "row " + i);
    EarlyStopping.Result g = got.earlyStopping();
    assertEquals(e.summary(), g.summary());
    assertArrayEquals(e.bestRow(), g.bestRow());
    assertArrayEquals(whole.params().toFloatVector(), resumed.params().toFloatVector());
    assertEquals(whole.getIterationCount(), resumed.getIterationCount());
    assertArrayEquals(whole.getUpdater().getStateViewArray().toFloatVector(),
        resumed.getUpdater().getStateViewArray().toFloatVector());
  }

  static final int CRASH_AT = 450;

  private static ExperimentSpec spec() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("experiment", "xor");
    // Per-sample Nesterov at lr 0.5 (momentum: an updater state): a loss that goes up and down.
    // Seed 4 is best at epoch 380 and stops at 480, so the best state comes from the checkpoint
    // after epoch 420.
    raw.put("seed", 4);
    raw.put("model.hidden", List.of(2, 2));
    raw.put("optimizer.name", "nesterov");
    raw.put("optimizer.lr", 0.5);
    raw.put("batch", 1);
    raw.put("epochs", 600);
    raw.put("log_every", 0);
    raw.put("record_every", 10);
    raw.put("early_stopping.monitor", "train_loss");
    raw.put("early_stopping.patience", 100);
    raw.put("early_stopping.min_delta", 0.0);
    raw.put("early_stopping.restore_best", true);
    return SpecLoader.check("test", raw, "es-resume");
  }

  private static Path mkdir(Path p) {
    try {
      return java.nio.file.Files.createDirectories(p);
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
