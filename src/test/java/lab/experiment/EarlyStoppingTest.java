package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.LabCli;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import lab.train.Model;
import lab.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Early stopping on whole runs: the stop and best epochs against the metrics.csv the run wrote
 * (the rule replayed here on its own), restore_best's model.zip against the best epoch's recorded
 * metrics, and the spec errors.
 */
class EarlyStoppingTest {

  /**
   * XOR 2-2-1 with SGD sits on the 0.693 plateau for about 150 epochs: with patience 50 and
   * min_delta 0.005 it is a "hopeless" job and stops there.
   */
  @Test
  void aRunOnAPlateauStopsWhereTheRuleSays(@TempDir Path dir) {
    LabCli.Result r = LabCli.run("run", "xor-2-2-1-sgd", "--name", "stops", "--set",
        "epochs=2000", "--set", "record_every=10", "--set", "log_every=0", "--set",
        "early_stopping={monitor: train_loss, patience: 50, min_delta: 0.005}", "--results",
        dir.toString());
    assertEquals(0, r.code(), r.err());
    Path run = dir.resolve("stops");
    MetricsTable m = MetricsTable.read(run.resolve("metrics.csv"));
    Map<String, Object> es = earlyStopping(run);
    int[] expected = replay(m.column("epoch"), m.column("train_loss"), true, 50, 0.005);
    assertEquals(true, es.get("stopped_early"));
    assertEquals(expected[0], ((Number) es.get("stop_epoch")).intValue(), "stop epoch");
    assertEquals(expected[1], ((Number) es.get("best_epoch")).intValue(), "best epoch");
    double[] epochs = m.column("epoch");
    assertEquals(expected[0], (int) epochs[epochs.length - 1], "metrics.csv ends at the stop");
    assertTrue(expected[0] < 2000 && expected[0] <= 200, "stopped on the plateau: " + expected[0]);
    assertTrue(r.out().contains("early stopping: train_loss did not improve"), r.out());
    Map<String, Object> summary = Json.read(run.resolve("summary.json"));
    assertEquals(m.last("train_loss"), (Double) summary.get("final_train_loss"), 0.0);
  }

  /**
   * noisy-xor-mlp watched on valid_loss with patience 1 (less than record_every): it stops at
   * the first recorded epoch that does not improve, so the best epoch is the one before it. The
   * restored model.zip, read back with DL4J's ModelSerializer, scores the validation set as the
   * best epoch's row of metrics.csv says (to 1e-7; the same computation, so in practice exact).
   */
  @Test
  void restoreBestSavesTheBestEpochsNetwork(@TempDir Path dir) throws Exception {
    LabCli.Result r = LabCli.run("run", "noisy-xor-mlp", "--name", "best", "--set",
        "record_every=1", "--set", "log_every=0", "--set", "early_stopping.monitor=valid_loss",
        "--set", "early_stopping.patience=1", "--set", "early_stopping.restore_best=true",
        "--results", dir.toString());
    assertEquals(0, r.code(), r.err());
    Path run = dir.resolve("best");
    MetricsTable m = MetricsTable.read(run.resolve("metrics.csv"));
    Map<String, Object> es = earlyStopping(run);
    int[] expected = replay(m.column("epoch"), m.column("valid_loss"), true, 1, 0);
    assertEquals(true, es.get("stopped_early"));
    int stop = ((Number) es.get("stop_epoch")).intValue();
    int best = ((Number) es.get("best_epoch")).intValue();
    assertEquals(expected[0], stop);
    assertEquals(expected[1], best);
    assertTrue(best < stop, best + " < " + stop);
    int bestRow = indexOf(m.column("epoch"), best);

    Map<String, Object> summary = Json.read(run.resolve("summary.json"));
    assertEquals(m.column("valid_loss")[bestRow], (Double) summary.get("valid_loss"), 0.0);
    assertEquals(m.column("train_loss")[bestRow], (Double) summary.get("final_train_loss"), 0.0);
    assertEquals(best, ((Number) es.get("final_metrics_from_epoch")).intValue());

    MultiLayerNetwork net =
        ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), true);
    ExperimentSpec spec = SpecLoader.load(run.resolve("spec.yaml"), List.of());
    Map<String, DataSet> sets = Experiments.forKind("noisy-xor").evaluationSets(spec, run);
    double[] row = Trainer.evaluate(Model.of(net), best, Map.of("valid", sets.get("valid")), true);
    assertEquals(m.column("valid_loss")[bestRow], row[1], 1e-7, "valid loss of model.zip");
    assertEquals(m.column("valid_accuracy")[bestRow], row[2], 1e-7, "valid accuracy");
    double[] stopRow = m.rows().get(m.rows().size() - 1);
    assertFalse(stopRow[3] == row[1], "the stop epoch's loss differs: the restore is visible");
  }

  /**
   * The other engines stop at the same epoch: dl4j-stock with the same metrics.csv bytes; scratch
   * (its DL4J twin trained to the same stop epoch for the comparison).
   */
  @Test
  void everyEngineStops(@TempDir Path dir) throws Exception {
    String[] plateau = {"--set", "epochs=2000", "--set", "record_every=10", "--set",
        "log_every=0", "--set",
        "early_stopping={monitor: train_loss, patience: 50, min_delta: 0.005}", "--results",
        dir.toString()};
    for (String engine : List.of("dl4j", "dl4j-stock", "scratch")) {
      List<String> args = new java.util.ArrayList<>(List.of("run", "xor-2-2-1-sgd", "--name",
          "e-" + engine, "--engine", engine));
      args.addAll(List.of(plateau));
      LabCli.Result r = LabCli.run(args.toArray(String[]::new));
      assertEquals(0, r.code(), engine + ": " + r.err());
      assertEquals(60, ((Number) earlyStopping(dir.resolve("e-" + engine)).get("stop_epoch"))
          .intValue(), engine);
    }
    assertEquals(Files.readString(dir.resolve("e-dl4j/metrics.csv")),
        Files.readString(dir.resolve("e-dl4j-stock/metrics.csv")));
    MetricsTable both = MetricsTable.read(dir.resolve("e-scratch/" + EngineComparison.CSV));
    assertEquals(60.0, both.last("epoch"), 0.0, "DL4J beside scratch trained to epoch 60");
  }

  /** valid_accuracy is maximised; the rule against its replay on made-up rows. */
  @Test
  void accuracyIsMaximised() {
    Map<String, Object> raw = new java.util.LinkedHashMap<>();
    raw.put("experiment", "noisy-xor");
    raw.put("early_stopping.monitor", "valid_accuracy");
    raw.put("early_stopping.patience", 20);
    raw.put("early_stopping.min_delta", 0.01);
    ExperimentSpec spec = SpecLoader.check("test", raw, "acc");
    List<String> columns = List.of("epoch", "train_loss", "train_accuracy", "valid_loss",
        "valid_accuracy");
    lab.train.EarlyStopping es = lab.train.EarlyStopping.of(spec, columns);
    double[] acc = {0.5, 0.7, 0.705, 0.72, 0.725, 0.728, 0.71, 0.729, 0.6};
    double[] epochs = new double[acc.length];
    int stoppedAt = -1;
    for (int i = 0; i < acc.length && stoppedAt < 0; i++) {
      epochs[i] = 10 * i;
      es.observe(new double[] {10 * i, 1, 0.5, 1, acc[i]});
      if (es.stopped()) stoppedAt = 10 * i;
    }
    // Reference 0.72 at epoch 30 (0.705 is not 0.01 better than 0.7); nothing beats it by 0.01
    // until epoch 50 = 30 + 20; the best is 0.728 at epoch 50.
    assertEquals(50, stoppedAt);
    assertEquals(50, es.result().bestEpoch());
    assertEquals(0.728, es.result().bestValue(), 0.0);
    int[] replayed = replay(java.util.Arrays.copyOf(epochs, 6), java.util.Arrays.copyOf(acc, 6),
        false, 20, 0.01);
    assertEquals(50, replayed[0]);
    assertEquals(50, replayed[1]);
  }

  @Test
  void specErrorsAreOneLine(@TempDir Path dir) throws Exception {
    String results = dir.resolve("results").toString();
    Path xor = Files.writeString(dir.resolve("bad.yaml"),
        "experiment: xor\nearly_stopping: {monitor: valid_loss}\n");
    assertOneLine(LabCli.run("run", xor.toString(), "--results", results),
        "bad.yaml:2:27: early_stopping.monitor: valid_loss needs a validation set, and"
            + " experiment xor has none; allowed here: none, train_loss");
    assertOneLine(LabCli.run("run", "xor-2-2-1-sgd", "--set", "early_stopping.monitor=val_loss",
        "--results", results), "early_stopping.monitor: 'val_loss' is not allowed (did you mean valid_loss?)");
    assertOneLine(LabCli.run("run", "xor-2-2-1-sgd", "--set", "early_stopping.patience=0",
        "--results", results), "early_stopping.patience: 0 is not allowed");
    assertOneLine(LabCli.run("run", "xor-2-2-1-sgd", "--set", "early_stopping.restore_best=maybe",
        "--results", results), "allowed: true or false");
    assertOneLine(LabCli.run("run", "xor-2-2-1-sgd", "--engine", "scratch", "--set",
        "early_stopping={monitor: train_loss, restore_best: true}", "--results", results),
        "engine scratch: early_stopping.restore_best: true is not supported");
    assertFalse(Files.exists(dir.resolve("results/bad")));
  }

  private static void assertOneLine(LabCli.Result r, String expected) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> earlyStopping(Path run) {
    return (Map<String, Object>) Json.read(run.resolve("summary.json")).get("early_stopping");
  }

  private static int indexOf(double[] epochs, int epoch) {
    for (int i = 0; i < epochs.length; i++) if ((int) epochs[i] == epoch) return i;
    throw new AssertionError("no row of epoch " + epoch);
  }

  /**
   * The rule written out again: the reference moves on an improvement of more than minDelta;
   * stop at the first recorded epoch at or past reference + patience; best is the first of the
   * strictly best values. Returns {stop epoch (or last epoch), best epoch}.
   */
  static int[] replay(double[] epochs, double[] values, boolean minimize, int patience,
      double minDelta) {
    double sign = minimize ? 1 : -1;
    int refEpoch = (int) epochs[0];
    double ref = values[0];
    int bestEpoch = refEpoch;
    double best = values[0];
    for (int i = 1; i < epochs.length; i++) {
      int e = (int) epochs[i];
      if (sign * (best - values[i]) > 0) {
        best = values[i];
        bestEpoch = e;
      }
      if (sign * (ref - values[i]) > minDelta) {
        ref = values[i];
        refEpoch = e;
      } else if (e >= refEpoch + patience) {
        return new int[] {e, bestEpoch};
      }
    }
    return new int[] {(int) epochs[epochs.length - 1], bestEpoch};
  }
}
