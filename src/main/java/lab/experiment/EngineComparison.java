package lab.experiment;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.data.BatchSource;
import lab.net.NetworkFactory;
import lab.net.ParameterReplay;
import lab.results.MetricsTable;
import lab.scratch.ScratchNetwork;
import lab.spec.ExperimentSpec;
import lab.train.Checkpoints;
import lab.train.Model;
import lab.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains one spec twice from the same initial parameters and the same minibatches, once with the
 * scratch engine and once with DL4J, and lays the two training-loss curves side by side:
 * {@code engine-comparison.csv} (epoch, dl4j_loss, scratch_loss, relative_difference) and
 * {@code engine-comparison.png} in the results folder. The scratch run is the experiment's result.
 */
public final class EngineComparison {
  public static final String CSV = "engine-comparison.csv";
  public static final String PNG = "engine-comparison.png";
  /**
   * summary.json lists the DL4J run's parameters up to this many numbers (XOR, the regression);
   * an MNIST network's 39,760 would bury the summary, and its final loss and accuracies say enough.
   */
  static final int PARAMETERS_IN_SUMMARY_MAX = 1000;

  /** Both runs (the trained networks and their metrics), and the comparison's numbers. */
  public record Result(ScratchNetwork scratch, Trainer.Outcome scratchOutcome, Model dl4j,
      Trainer.Outcome dl4jOutcome, MetricsTable table, Map<String, Object> summary) {}

  /**
   * What {@link #train} hands an experiment: the trained network whose run is the result, its
   * metrics, and the comparison when the spec asked for the scratch engine (else null).
   */
  public record Trained(Model net, Trainer.Outcome outcome, Result comparison) {
    /** summary.json's {@code engine_comparison}, for a scratch run. */
    public Map<String, Object> summaryExtras() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (comparison != null) m.put("engine_comparison", comparison.summary());
      return m;
    }
  }

  private EngineComparison() {}

  /**
   * Trains with the spec's engine: DL4J alone, or (engine scratch) the scratch engine and DL4J
   * side by side, with engine-comparison.csv/.png written into {@code dir}.
   */
  public static Trained train(ExperimentSpec spec, int nIn, int nOut, BatchSource batches,
      Map<String, DataSet> evalSets, Path dir, PrintStream console) {
    if (spec.engine().equals("scratch")) {
      Result both = run(spec, nIn, nOut, batches, evalSets, console);
      write(dir, spec.name(), both.table());
      return new Trained(both.scratch(), both.scratchOutcome(), both);
    }
    Model net = Model.of(NetworkFactory.build(spec, nIn, nOut));
    return new Trained(net, new Trainer(spec, console)
        .checkpoints(Checkpoints.in(dir, spec)).train(net, batches, evalSets), null);
  }

  /**
   * Trains both engines. {@code batches} must hand out the same minibatches for the same epoch
   * every time it is asked (ShuffledBatches and BatchSource.fullBatch do).
   */
  public static Result run(ExperimentSpec spec, int nIn, int nOut, BatchSource batches,
      Map<String, DataSet> evalSets, PrintStream console) {
    ScratchNetwork.check(spec); // a one-line error before DL4J sees a spec the engine cannot train
    MultiLayerNetwork dl4j = NetworkFactory.build(spec, nIn, nOut);
    ScratchNetwork scratch = ScratchNetwork.of(spec, dl4j); // copies the initial parameters

    console.println("engine: scratch (lab.scratch, hand-written backprop), starting from the"
        + " DL4J network's initial parameters");
    Trainer.Outcome scratchRun = new Trainer(spec, console).train(scratch, batches, evalSets);
    console.println("engine comparison: training the same network with DL4J on the same batches"
        + " (its log is not printed)");
    // A scratch run that stopped early is compared with DL4J trained to the same epoch.
    ExperimentSpec beside = scratchRun.earlyStopping() == null ? spec : spec.with(Map.of(
        "epochs", scratchRun.earlyStopping().stopEpoch(), "early_stopping.monitor", "none"));
    Trainer.Outcome dl4jRun =
        new Trainer(beside, new PrintStream(OutputStream.nullOutputStream()))
            .train(Model.of(dl4j), batches, evalSets);

    MetricsTable table = table(dl4jRun.metrics(), scratchRun.metrics());
    Map<String, Object> summary = summarize(table, Model.of(dl4j).denseLayers(),
        scratch.denseLayers());
    summary.put("final_dl4j_metrics", lastRow(dl4jRun.metrics()));
    console.printf("engines agree to: max relative difference of the training loss %.3g"
            + " (epoch %d); max |parameter difference| at the end %.3g%n",
        (Double) summary.get("loss_max_relative_difference"),
        (Integer) summary.get("loss_max_relative_difference_epoch"),
        (Double) summary.get("final_parameters_max_abs_difference"));
    return new Result(scratch, scratchRun, Model.of(dl4j), dl4jRun, table, summary);
  }

  /** One row per recorded epoch: both engines' training loss and their relative difference. */
  public static MetricsTable table(MetricsTable dl4j, MetricsTable scratch) {
    double[] epochs = dl4j.column("epoch");
    double[] d = dl4j.column("train_loss");
    double[] s = scratch.column("train_loss");
    if (!java.util.Arrays.equals(epochs, scratch.column("epoch"))) {
      throw new IllegalStateException("the two runs recorded different epochs");
    }
    MetricsTable t =
        new MetricsTable(List.of("epoch", "dl4j_loss", "scratch_loss", "relative_difference"));
    for (int i = 0; i < epochs.length; i++) {
      t.add(new double[] {epochs[i], d[i], s[i], relative(s[i], d[i])});
    }
    return t;
  }

  /** The last row of a metrics table by column name (without the epoch). */
  static Map<String, Object> lastRow(MetricsTable m) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (String c : m.columns()) {
      if (!c.equals("epoch")) row.put(c, m.last(c));
    }
    return row;
  }

  /** |a - b| / |b|, 0 when both are 0. */
  static double relative(double a, double b) {
    double diff = Math.abs(a - b);
    return diff == 0 ? 0 : diff / Math.abs(b);
  }

  static Map<String, Object> summarize(MetricsTable t, List<ParameterReplay.Dense> dl4j,
      List<ParameterReplay.Dense> scratch) {
    double[] rel = t.column("relative_difference");
    double[] epochs = t.column("epoch");
    int worst = 0;
    for (int i = 1; i < rel.length; i++) if (rel[i] > rel[worst]) worst = i;
    double maxParam = 0;
    int count = 0;
    for (int l = 0; l < dl4j.size(); l++) {
      count += dl4j.get(l).w().length * dl4j.get(l).b().length + dl4j.get(l).b().length;
      double[][] w1 = dl4j.get(l).w();
      double[][] w2 = scratch.get(l).w();
      for (int i = 0; i < w1.length; i++) {
        for (int o = 0; o < w1[i].length; o++) {
          maxParam = Math.max(maxParam, Math.abs(w1[i][o] - w2[i][o]));
        }
      }
      for (int o = 0; o < dl4j.get(l).b().length; o++) {
        maxParam = Math.max(maxParam, Math.abs(dl4j.get(l).b()[o] - scratch.get(l).b()[o]));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reference_engine", "dl4j");
    m.put("final_dl4j_train_loss", t.last("dl4j_loss"));
    m.put("final_scratch_train_loss", t.last("scratch_loss"));
    m.put("loss_max_relative_difference", rel[worst]);
    m.put("loss_max_relative_difference_epoch", (int) epochs[worst]);
    m.put("final_parameters_max_abs_difference", maxParam);
    if (count <= PARAMETERS_IN_SUMMARY_MAX) {
      m.put("dl4j_parameters", lab.net.NetworkParameters.asSummary(dl4j));
    }
    return m;
  }

  /** Writes the table and draws the chart into a results folder. */
  public static void write(Path dir, String name, MetricsTable table) {
    table.write(dir.resolve(CSV));
    drawChart(dir, name);
  }

  /** Draws engine-comparison.png from engine-comparison.csv, when the folder has one. */
  public static void drawChart(Path dir, String name) {
    if (!Files.isRegularFile(dir.resolve(CSV))) return;
    MetricsTable t = MetricsTable.read(dir.resolve(CSV));
    double[] epoch = t.column("epoch");
    double worst = java.util.Arrays.stream(t.column("relative_difference")).max().orElse(0);
    Charts.line(dir.resolve(PNG),
        String.format("%s: DL4J vs scratch engine (max rel. difference %.2g)", name, worst),
        "epoch", "training loss (log scale)", true, List.of(
            new Charts.Series("DL4J (wide line)", epoch, t.column("dl4j_loss")),
            new Charts.Series("scratch engine (thin line on top)", epoch,
                t.column("scratch_loss"))),
        // DL4J wide underneath, scratch thin on top: where they agree, both stay visible.
        new float[] {7f, 1.5f});
  }
}
