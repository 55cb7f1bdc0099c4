package lab.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.data.BatchSource;
import lab.net.Accuracy;
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
   */
  public record Outcome(MetricsTable metrics, double trainSeconds, double medianEpochSeconds,
      double updateSeconds) {}

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
        epoch -> List.of(evaluate(net, epoch, evalSets, accuracy))).get(0);
  }

  /** Measures the metrics rows after an epoch: one row per network being trained. */
  @FunctionalInterface
  public interface Evaluation {
    List<double[]> rows(int epoch);
  }

  /**
   * Trains {@code net}, which may hold several independent networks (lab.net.StackedNetwork), and
   * returns one outcome per row of {@code evaluation}: that network's metrics, and the run's times
   * divided by the number of networks, their share of it. A non-finite loss of the fitted batch or
   * of any row stops the run with a {@link DivergedException}.
   */
  public List<Outcome> trainTogether(Model net, BatchSource batches, List<String> columns,
      Evaluation evaluation) {
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
    // ./lab ui's live curves: one run's rows as they are measured (not for stacked networks).
    LiveProgress live = metrics.size() == 1 ? LiveProgress.current() : null;
    if (live != null) live.row(columns, metrics.get(0).rows().get(0), false);

    int epochs = spec.epochs();
    int logEvery = spec.logEvery();
    int recordEvery = spec.recordEvery();
    double[] epochSeconds = new double[epochs - first + 1];
    long start = System.nanoTime();
    for (int epoch = first; epoch <= epochs; epoch++) {
      long t0 = System.nanoTime();
      final int current = epoch;
      batches.forEachBatch(epoch, batch -> {
        net.fit(batch);
        double loss = net.score();
        if (!Double.isFinite(loss)) throw new DivergedException(current, loss);
      });
      epochSeconds[epoch - first] = (System.nanoTime() - t0) / 1e9;
      boolean print = logEvery > 0 && epoch % logEvery == 0;
      if (print || epoch % recordEvery == 0 || epoch == epochs) {
        List<double[]> rows = evaluation.rows(epoch);
        for (int k = 0; k < rows.size(); k++) {
          double[] row = rows.get(k);
          metrics.get(k).add(row);
          if (live != null) live.row(columns, row, epoch == epochs);
          if (!Double.isFinite(row[1])) throw new DivergedException(epoch, row[1]);
          if (print) console.println((rows.size() > 1 ? "network " + k + ": " : "")
              + logLine(columns, row));
        }
      }
      if (lone != null && epoch < epochs && epoch % checkpoints.every() == 0) {
        checkpoints.save(lone, epoch, metrics.get(0));
      }
      lab.core.ResidentMemoryWatch.check(); // stops the run when memory stayed above the cap
    }
    int n = metrics.size();
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double[] sorted = epochSeconds.length > 0 ? epochSeconds.clone() : new double[] {0};
    Arrays.sort(sorted);
    List<Outcome> out = new ArrayList<>();
    for (MetricsTable m : metrics) {
      out.add(new Outcome(m, trainSeconds / n, sorted[sorted.length / 2] / n,
          Arrays.stream(epochSeconds).sum() / n));
    }
    return out;
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
      row[c++] = net.score(set);
      if (accuracy) row[c++] = Accuracy.of(net.output(set.getFeatures()), set.getLabels());
    }
    return row;
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
