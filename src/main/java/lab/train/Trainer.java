package lab.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.data.BatchSource;
import lab.net.Accuracy;
import lab.net.ScoreAndOutput;
import lab.results.LiveProgress;
import lab.results.MetricsTable;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loop every experiment shares. Metrics are measured at the end of an epoch, after
 * its updates, on whole evaluation sets ("train", "valid", "test"): row 0 is the untrained
 * network. Rows are written every {@code record_every} epochs, at every printed epoch, and at the
 * last one.
 */
public final class Trainer {

  /**
   * What one training run produced. {@code updateSeconds} is the time of all epochs' updates
   * without the evaluations between them (what ./lab bench divides by the steps taken).
   * {@code earlyStopping} is null when the spec does not stop early.
   */
  public record Outcome(MetricsTable metrics, double trainSeconds, double medianEpochSeconds,
      double updateSeconds, EarlyStopping.Result earlyStopping) {
    public Outcome(MetricsTable metrics, double trainSeconds, double medianEpochSeconds,
        double updateSeconds) {
      this(metrics, trainSeconds, medianEpochSeconds, updateSeconds, null);
    }

    /**
     * The row of the final metrics: the best epoch's when early stopping restored it, else the
     * last recorded one.
     */
    public double finalValue(String column) {
      if (earlyStopping != null && earlyStopping.restoreBest()) {
        return earlyStopping.bestRow()[metrics.columns().indexOf(column)];
      }
      return metrics.last(column);
    }
  }

  private final ExperimentSpec spec;
  private final PrintStream console;
  private Checkpoints checkpoints;

  public Trainer(ExperimentSpec spec, PrintStream console) {
    this.spec = spec;
    this.console = console;
  }

  /**
   * Writes checkpoints of a lone DL4J network, and resumes from the one already there (see
   * {@link Checkpoints}). Not for stacked networks.
   */
  public Trainer checkpoints(Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
    return this;
  }

  public Outcome train(MultiLayerNetwork net, BatchSource batches, Map<String, DataSet> evalSets) {
    return train(Model.of(net), batches, evalSets);
  }

  public Outcome train(Model net, BatchSource batches, Map<String, DataSet> evalSets) {
    boolean accuracy = spec.measuresAccuracy();
    return trainTogether(net, batches, columns(evalSets, accuracy),
        epoch -> List.of(evaluate(net, epoch, evalSets, accuracy)), k -> net.snapshot()).get(0);
  }

  /** Measures the metrics rows after an epoch: one row per network being trained. */
  @FunctionalInterface
  public interface Evaluation {
    List<double[]> rows(int epoch);
  }

  /**
   * Keeps network k's state as it is now, for early stopping: the returned action, run after
   * training, makes it network k's final state (its results, its model.zip).
   */
  @FunctionalInterface
  public interface Snapshots {
    Runnable take(int k);
  }

  /** As the other trainTogether, for networks that have no early stopping. */
  public List<Outcome> trainTogether(Model net, BatchSource batches, List<String> columns,
      Evaluation evaluation) {
    return trainTogether(net, batches, columns, evaluation, k -> {
      throw new IllegalStateException("no snapshots of these networks");
    });
  }

  /**
   * Trains {@code net}, which may hold several independent networks (lab.net.StackedNetwork), and
   * returns one outcome per row of {@code evaluation}: that network's metrics, and the run's times
   * divided by the number of networks, their share of it. A non-finite loss of the fitted batch or
   * of any row stops the run with a {@link DivergedException}.
   *
   * <p>With early stopping (see {@link EarlyStopping}) each network stops on its own: its rows
   * end at its stop epoch, its state at that epoch (or, with restore_best, at its best epoch) is
   * made its final one through {@code snapshots}, and training ends when every network stopped.
   * A network that stopped may go on being trained with the others (a stacked network), but
   * nothing of it after its stop epoch is kept, so it gets the numbers of its run alone.
   */
  public List<Outcome> trainTogether(Model net, BatchSource batches, List<String> columns,
      Evaluation evaluation, Snapshots snapshots) {
    if (checkpoints == null) return trainLoop(net, batches, columns, evaluation, snapshots);
    List<Outcome> out;
    try {
      out = trainLoop(net, batches, columns, evaluation, snapshots);
    } catch (RuntimeException | Error e) {
      try {
        checkpoints.close(); // no checkpoint is left half-written when the run ends
      } catch (RuntimeException | Error f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    checkpoints.abandon(); // the run is complete: its checkpoints are deleted next
    return out;
  }

  /**
   * Whether epoch {@code epoch} (1 and up) gets a metrics row: every record_every epochs, every
   * printed one (log_every) and the last. (Epoch 0's row, before training, is always there.)
   */
  static boolean recordsRow(ExperimentSpec spec, int epoch) {
    return (spec.logEvery() > 0 && epoch % spec.logEvery() == 0)
        || epoch % spec.recordEvery() == 0 || epoch == spec.epochs();
  }

  private List<Outcome> trainLoop(Model net, BatchSource batches, List<String> columns,
      Evaluation evaluation, Snapshots snapshots) {
    List<MetricsTable> metrics = new ArrayList<>();
    MultiLayerNetwork lone = checkpoints == null ? null : net.network();
    Checkpoints.State resumed = lone == null ? null : checkpoints.restore(lone);
    int first = 1;
    if (resumed != null) {
      metrics.add(resumed.metrics());
      first = resumed.epoch() + 1;
      console.println("resumed from the checkpoint after epoch " + resumed.epoch());
    } else {
      for (double[] row : evaluation.rows(0)) {
        metrics.add(new MetricsTable(columns));
        metrics.get(metrics.size() - 1).add(row);
      }
    }
    int n = metrics.size();
    EarlyStopping[] stops = new EarlyStopping[n];
    Runnable[] keep = new Runnable[n];
    NetworkState[] loneBest = new NetworkState[1];
    int running = n;
    for (int k = 0; k < n; k++) {
      stops[k] = EarlyStopping.of(spec, columns);
      if (stops[k] == null) continue;
      for (double[] row : metrics.get(k).rows()) {
        if (stops[k].observe(row) && stops[k].restoreBest() && resumed == null) {
          keep[k] = keepState(k, lone, loneBest, snapshots);
        }
      }
    }
    if (resumed != null && stops[0] != null && stops[0].restoreBest()) {
      if (resumed.best() == null || resumed.bestEpoch() != stops[0].bestEpoch()) {
        throw new IllegalStateException("the checkpoint's best state (epoch " + resumed.bestEpoch()
            + ") is not the best epoch of its metrics (" + stops[0].bestEpoch() + ")");
      }
      NetworkState best = resumed.best();
      loneBest[0] = best;
      keep[0] = () -> best.restore(lone);
    }
    // ./lab ui's live curves: one run's rows as they are measured (not for stacked networks).
    LiveProgress live = n == 1 ? LiveProgress.current() : null;
    if (live != null) live.row(columns, metrics.get(0).rows().get(0), false);

    int epochs = spec.epochs();
    int logEvery = spec.logEvery();
    double[] epochSeconds = new double[epochs - first + 1];
    int epochsRun = 0;
    long start = System.nanoTime();
    for (int epoch = first; epoch <= epochs; epoch++) {
      long t0 = System.nanoTime();
      final int current = epoch;
      batches.forEachBatch(epoch, batch -> {
        net.fit(batch);
        double loss = net.score();
        if (!Double.isFinite(loss)) throw new DivergedException(current, loss);
      });
      epochSeconds[epochsRun++] = (System.nanoTime() - t0) / 1e9;
      boolean print = logEvery > 0 && epoch % logEvery == 0;
      if (recordsRow(spec, epoch)) {
        List<double[]> rows = evaluation.rows(epoch);
        for (int k = 0; k < rows.size(); k++) {
          EarlyStopping stop = stops[k];
          if (stop != null && stop.stopped()) continue; // its run ended at its stop epoch
          double[] row = rows.get(k);
          metrics.get(k).add(row);
          if (stop != null && stop.observe(row) && stop.restoreBest()) {
            keep[k] = keepState(k, lone, loneBest, snapshots);
          }
          boolean stopsNow = stop != null && stop.stopped();
          if (live != null) live.row(columns, row, epoch == epochs || stopsNow);
          if (!Double.isFinite(row[1])) throw new DivergedException(epoch, row[1]);
          String prefix = rows.size() > 1 ? "network " + k + ": " : "";
          if (print) console.println(prefix + logLine(columns, row));
          if (stopsNow) {
            running--;
            // A network trained on with others keeps its state of now (restore_best: its best).
            if (n > 1 && !stop.restoreBest()) keep[k] = snapshots.take(k);
            console.println(prefix + stopLine(stop.result()));
          }
        }
      }
      if (running == 0) break;
      if (lone != null && epoch < epochs && epoch % checkpoints.every() == 0) {
        checkpoints.save(lone, epoch, metrics.get(0),
            stops[0] != null && stops[0].restoreBest() ? loneBest[0] : null,
            stops[0] == null ? -1 : stops[0].bestEpoch());
      }
      lab.core.ResidentMemoryWatch.check(); // stops the run when memory stayed above the cap
    }
    for (int k = 0; k < n; k++) {
      if (keep[k] != null) keep[k].run();
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double[] run = Arrays.copyOf(epochSeconds, epochsRun);
    double[] sorted = run.length > 0 ? run.clone() : new double[] {0};
    Arrays.sort(sorted);
    List<Outcome> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(new Outcome(metrics.get(k), trainSeconds / n, sorted[sorted.length / 2] / n,
          Arrays.stream(run).sum() / n, stops[k] == null ? null : stops[k].result()));
    }
    return out;
  }

  /**
   * Network k's state now, as the action that restores it; for a checkpointed network also kept
   * in {@code loneBest}, which its checkpoints write to disk.
   */
  private static Runnable keepState(int k, MultiLayerNetwork lone, NetworkState[] loneBest,
      Snapshots snapshots) {
    if (lone != null) {
      NetworkState state = NetworkState.of(lone);
      loneBest[0] = state;
      return () -> state.restore(lone);
    }
    Runnable r = snapshots.take(k);
    if (r == null) throw new IllegalStateException("this network cannot keep its best state");
    return r;
  }

  private static String stopLine(EarlyStopping.Result r) {
    String delta = r.minDelta() == 0 ? "0" : String.valueOf(r.minDelta());
    return String.format("early stopping: %s did not improve by more than %s for %d epochs;"
        + " stopped after epoch %d (best %.6g at epoch %d%s)", r.monitor(), delta, r.patience(),
        r.stopEpoch(), r.bestValue(), r.bestEpoch(), r.restoreBest() ? ", restored" : "");
  }

  /**
   * The columns of metrics.csv: epoch, then each evaluation set's loss, and its accuracy when
   * {@code accuracy}.
   */
  public static List<String> columns(Map<String, DataSet> evalSets, boolean accuracy) {
    List<String> columns = new ArrayList<>(List.of("epoch"));
    for (String set : evalSets.keySet()) {
      columns.add(set + "_loss");
      if (accuracy) columns.add(set + "_accuracy");
    }
    return columns;
  }

  private static String logLine(List<String> columns, double[] row) {
    StringBuilder sb = new StringBuilder(String.format("Epoch: %d", (long) row[0]));
    for (int c = 1; c < columns.size(); c++) {
      String name = columns.get(c);
      sb.append(String.format(name.endsWith("loss") ? "  %s: %.6g" : "  %s: %.4f", name, row[c]));
    }
    return sb.toString();
  }

  /** One metrics row: epoch, then loss and accuracy of each evaluation set. */
  public static double[] evaluate(MultiLayerNetwork net, int epoch, Map<String, DataSet> sets) {
    return evaluate(Model.of(net), epoch, sets);
  }

  public static double[] evaluate(Model net, int epoch, Map<String, DataSet> sets) {
    return evaluate(net, epoch, sets, true);
  }

  /** One metrics row: epoch, then each set's loss, and its accuracy when {@code accuracy}. */
  public static double[] evaluate(Model net, int epoch, Map<String, DataSet> sets,
      boolean accuracy) {
    double[] row = new double[1 + (accuracy ? 2 : 1) * sets.size()];
    row[0] = epoch;
    int c = 1;
    for (DataSet set : sets.values()) {
      if (accuracy) {
        // One forward pass for both (the numbers of score(set) and output(features)).
        c = fill(row, c, net.scoreAndOutput(set), set);
      } else {
        row[c++] = net.score(set);
      }
    }
    return row;
  }

  /**
   * The rows {@code evaluate(model, epoch, sets, true)} gives for each of several models, from
   * {@code scorer}'s score and outputs of every model on a set at once (a stacked network's
   * copies: lab.net.StackedNetwork#scoreCopies); null, with nothing left open, where the scorer
   * returns null for a set.
   */
  public static List<double[]> evaluateAll(int epoch, Map<String, DataSet> sets,
      java.util.function.Function<DataSet, List<ScoreAndOutput.Result>> scorer) {
    List<List<ScoreAndOutput.Result>> bySet = new ArrayList<>();
    for (DataSet set : sets.values()) {
      List<ScoreAndOutput.Result> results = scorer.apply(set);
      if (results == null) {
        for (List<ScoreAndOutput.Result> earlier : bySet) {
          for (ScoreAndOutput.Result r : earlier) ScoreAndOutput.release(r.output());
        }
        return null;
      }
      bySet.add(results);
    }
    int models = bySet.isEmpty() ? 0 : bySet.get(0).size();
    List<double[]> rows = new ArrayList<>();
    for (int k = 0; k < models; k++) {
      double[] row = new double[1 + 2 * sets.size()];
      row[0] = epoch;
      int c = 1;
      int s = 0;
      for (DataSet set : sets.values()) c = fill(row, c, bySet.get(s++).get(k), set);
      rows.add(row);
    }
    return rows;
  }

  /** A set's loss and accuracy into {@code row} from column {@code c}; the output is freed. */
  private static int fill(double[] row, int c, ScoreAndOutput.Result r, DataSet set) {
    row[c++] = r.score();
    row[c++] = Accuracy.of(r.output(), set.getLabels());
    ScoreAndOutput.release(r.output(), set.getFeatures(), set.getLabels());
    return c;
  }

  /** Named evaluation sets in a fixed order. */
  public static Map<String, DataSet> sets(Object... nameThenSet) {
    Map<String, DataSet> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenSet.length; i += 2) {
      m.put((String) nameThenSet[i], (DataSet) nameThenSet[i + 1]);
    }
    return m;
  }
}
