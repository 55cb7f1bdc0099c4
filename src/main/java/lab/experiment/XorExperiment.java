package lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.chart.RunTitle;
import lab.data.BatchSource;
import lab.data.ShuffledBatches;
import lab.net.Engines;
import lab.net.NetworkFactory;
import lab.net.NetworkParameters;
import lab.net.ParameterReplay;
import lab.net.StackedNetwork;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.results.Provenance;
import lab.spec.ExperimentSpec;
import lab.train.Model;
import lab.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * XOR on its four points (seed notes 000, 003, 004): trains, prints what the notes print (loss,
 * predictions, classes, every layer's parameters), and charts loss, accuracy and the output
 * surface over [0,1]^2.
 */
public final class XorExperiment implements StackableExperiment {

  public static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  public static final double[] TARGETS = {0, 1, 1, 0};
  /** Seed note 000 draws the output on a 50x50 grid of [0,1]^2. */
  static final int SURFACE_GRID = 50;

  /** Runs one XOR spec from an IDE: {@code XorExperiment path/to/spec.yaml [--set k=v ...]}. */
  public static void main(String[] args) {
    System.exit(ExperimentMain.run("xor", args));
  }

  public static DataSet dataSet(boolean dbl) {
    return dataSet(dbl, 1);
  }

  /** The four points repeated {@code repeat} times, in order (seed note 001 uses 100). */
  public static DataSet dataSet(boolean dbl, int repeat) {
    DataType t = dbl ? DataType.DOUBLE : DataType.FLOAT;
    double[][] inputs = new double[4 * repeat][];
    double[] targets = new double[4 * repeat];
    for (int r = 0; r < repeat; r++) {
      for (int i = 0; i < 4; i++) {
        inputs[4 * r + i] = INPUTS[i];
        targets[4 * r + i] = TARGETS[i];
      }
    }
    INDArray x = Nd4j.create(inputs).castTo(t);
    INDArray y = Nd4j.create(targets, new long[] {4L * repeat, 1}, DataType.DOUBLE).castTo(t);
    return new DataSet(x, y);
  }

  @Override
  public Run train(ExperimentSpec spec, Path dir, PrintStream console) {
    DataSet data = dataSet(spec.isDouble(), spec.integer("data.repeat"));
    BatchSource batches = batches(spec, data);
    Map<String, DataSet> evalSets = Trainer.sets("train", data);
    EngineComparison.Trained trained =
        EngineComparison.train(spec, 2, 1, batches, evalSets, dir, console);
    return result(spec, trained.net(), trained.outcome(), trained.summaryExtras(), console);
  }

  private static boolean fullBatch(ExperimentSpec spec, DataSet data) {
    return spec.batch() == 0 || spec.batch() >= data.numExamples();
  }

  @Override
  public String whyNotTogether(ExperimentSpec spec) {
    if (!spec.engine().equals("dl4j")) return "engine " + spec.engine() + " trains one network";
    if (!Engines.choose(spec.engine()).isFast()) {
      return "stacking needs the CPU fast path, which computes each network as alone";
    }
    if (!fullBatch(spec, dataSet(spec.isDouble(), spec.integer("data.repeat")))) {
      return "batch " + spec.batch() + " shuffles the points in an order drawn from the seed";
    }
    return NetworkFactory.whyNotStackable(spec, 1);
  }

  /**
   * Full batch, so every copy sees the same batch in the same order whatever its seed; the copies
   * differ only in their initial weights, drawn from their own seeds.
   */
  @Override
  public List<Run> trainTogether(List<ExperimentSpec> specs, PrintStream console) {
    ExperimentSpec first = specs.get(0);
    String why = whyNotTogether(first);
    if (why != null) throw new IllegalArgumentException(first.name() + ": " + why);
    DataSet data = dataSet(first.isDouble(), first.integer("data.repeat"));
    StackedNetwork stacked = NetworkFactory.buildStacked(specs, 2, 1);
    Map<String, DataSet> evalSets = Trainer.sets("train", data);
    boolean accuracy = first.measuresAccuracy();
    // Metrics with the numbers of each copy's own network, as a run alone measures them: from one
    // pass of the stacked network where the fast path can, else on each copy's own network.
    Trainer.Evaluation perCopy = epoch -> {
      List<double[]> rows = accuracy ? Trainer.evaluateAll(epoch, evalSets, stacked::scoreCopies)
          : null;
      if (rows != null) return rows;
      rows = new ArrayList<>();
      for (int k = 0; k < stacked.size(); k++) {
        rows.add(Trainer.evaluate(Model.of(stacked.copy(k)), epoch, evalSets, accuracy));
      }
      return rows;
    };
    // Early stopping: a copy's state at its stop (or best) epoch becomes its final network; the
    // stack trains on for the others, and the copy's later blocks are never read.
    org.deeplearning4j.nn.multilayer.MultiLayerNetwork[] finals =
        new org.deeplearning4j.nn.multilayer.MultiLayerNetwork[specs.size()];
    Trainer.Snapshots snapshots = k -> {
      INDArray params = stacked.copy(k).params().dup();
      return () -> {
        finals[k] = stacked.copy(k);
        finals[k].params().assign(params);
      };
    };
    List<Trainer.Outcome> outcomes = new Trainer(first, console).trainTogether(
        Model.of(stacked.network()), BatchSource.fullBatch(stacked.stack(data)),
        Trainer.columns(evalSets, accuracy), perCopy, snapshots);
    List<Run> runs = new ArrayList<>();
    for (int k = 0; k < specs.size(); k++) {
      if (finals[k] == null) finals[k] = stacked.copy(k);
      Map<String, Object> extras = new LinkedHashMap<>();
      extras.put("stacked_networks", specs.size());
      extras.put("stacked_note", "trained together with the other seeds of its sweep point as one"
          + " stacked network; train_seconds and epoch_seconds are that network's times divided"
          + " by stacked_networks");
      Run run = result(specs.get(k), Model.of(finals[k]), outcomes.get(k), extras, console);
      // The copy's own network holds its trained parameters, not its share of the stacked
      // updater's state: its model.zip is saved without updater state.
      runs.add(new Run(run.outcome(), run.summaryExtras(), run.dataSha256(), run.network(),
          false));
    }
    return runs;
  }

  /** What the results writer needs of a trained network: its predictions and parameters. */
  private static Run result(ExperimentSpec spec, Model net, Trainer.Outcome outcome,
      Map<String, Object> extras, PrintStream console) {
    // Predictions on the four distinct points, whatever data.repeat is.
    double[] predictions = net.output(dataSet(spec.isDouble()).getFeatures())
        .castTo(DataType.DOUBLE).toDoubleVector();
    int[] classes = Arrays.stream(predictions).mapToInt(p -> p > 0.5 ? 1 : 0).toArray();
    long count = lab.net.MemoryEstimate.of(spec).parameterCount();
    List<ParameterReplay.Dense> params = count <= PRINTED_PARAMETERS
        || count <= NetworkParameters.SUMMARY_LIMIT ? net.denseLayers() : null;
    printResult(console, predictions, classes, count <= PRINTED_PARAMETERS ? params : null,
        count);

    extras.put("predictions", predictions);
    extras.put("predicted_classes", classes);
    NetworkParameters.putSummary(extras, count, () -> params);
    byte[] dataBytes = Arrays.deepToString(INPUTS)
        .concat(Arrays.toString(TARGETS)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new Run(outcome, extras, Provenance.sha256(dataBytes), net);
  }

  /** The whole set each step for batch 0 (or a batch as large as the set), else minibatches. */
  public static BatchSource batches(ExperimentSpec spec, DataSet data) {
    return fullBatch(spec, data)
        ? BatchSource.fullBatch(data)
        : new ShuffledBatches(data, spec.batch(), spec.seed(),
            Engines.choose(spec.engine()).rowCopy());
  }

  /** Networks with more parameters print a line saying where they are, not the numbers. */
  static final long PRINTED_PARAMETERS = 1_000;

  static void printResult(PrintStream out, double[] predictions, int[] classes,
      List<ParameterReplay.Dense> params, long count) {
    out.println("Predictions: " + Arrays.stream(predictions)
        .mapToObj(p -> String.format("%.4e", p)).toList());
    out.println("Predicted classes: " + Arrays.toString(classes)
        + "  (targets " + Arrays.toString(Arrays.stream(TARGETS).mapToInt(t -> (int) t).toArray())
        + ")");
    if (params == null) {
      out.printf(java.util.Locale.ROOT, "parameters: %,d, more than %,d: not printed (model.zip"
          + " holds them)%n", count, PRINTED_PARAMETERS);
      return;
    }
    for (int l = 0; l < params.size(); l++) {
      out.println("layer " + l + " W " + formatMatrix(params.get(l).w())
          + "  b " + formatRow(params.get(l).b()));
    }
  }

  private static String formatMatrix(double[][] m) {
    return Arrays.stream(m).map(XorExperiment::formatRow).toList().toString();
  }

  private static String formatRow(double[] r) {
    return Arrays.stream(r).mapToObj(v -> String.format("%.4f", v)).toList().toString();
  }

  @Override
  public Map<String, DataSet> evaluationSets(ExperimentSpec spec, Path dir) {
    return Trainer.sets("train", dataSet(spec.isDouble()));
  }

  @Override
  public void drawCharts(Path dir) {
    MetricsTable metrics = MetricsTable.read(dir.resolve("metrics.csv"));
    Map<String, Object> summary = Json.read(dir.resolve("summary.json"));
    String name = String.valueOf(summary.get("name"));
    Charts.trainingCurves(dir, name, metrics, true);
    String title = RunTitle.of(dir, name);
    ParameterReplay net = replayOf(summary, dir.resolve("summary.json"), 2);
    if (net != null) { // null: too many parameters to keep in summary.json (NetworkParameters)
      drawSurface(dir.resolve("output-surface.png"), title, net);
    }
    EngineComparison.drawChart(dir, title);
  }

  /**
   * The trained network, rebuilt from summary.json's parameters without DL4J; null when the
   * summary does not hold them (a network larger than NetworkParameters.SUMMARY_LIMIT).
   */
  public static ParameterReplay replayOf(Map<String, Object> summary, Path file, int inputs) {
    if (summary.get("parameters") == null) return null;
    Map<?, ?> model = summary.get("spec") instanceof Map<?, ?> spec
        && spec.get("model") instanceof Map<?, ?> m ? m : Map.of();
    if (!(model.get("activation") instanceof String activation)
        || !(model.get("output") instanceof String output)) {
      throw new lab.core.UserError(file + ": spec.model: no activation and output names; rerun the"
          + " experiment");
    }
    try {
      return new ParameterReplay(ParameterReplay.fromSummary(summary.get("parameters"), inputs),
          activation, output);
    } catch (lab.core.UserError e) {
      throw new lab.core.UserError(file + ": " + e.getMessage() + "; rerun the experiment");
    }
  }

  static void drawSurface(Path png, String name, ParameterReplay net) {
    double[] axis = new double[SURFACE_GRID];
    for (int i = 0; i < SURFACE_GRID; i++) axis[i] = i / (double) (SURFACE_GRID - 1);
    double[][] z = new double[SURFACE_GRID][SURFACE_GRID];
    for (int iy = 0; iy < SURFACE_GRID; iy++) {
      for (int ix = 0; ix < SURFACE_GRID; ix++) {
        z[iy][ix] = net.output(new double[] {axis[ix], axis[iy]})[0];
      }
    }
    List<Charts.Mark> marks = new ArrayList<>();
    for (int i = 0; i < INPUTS.length; i++) {
      double out = net.output(INPUTS[i])[0];
      marks.add(new Charts.Mark(INPUTS[i][0], INPUTS[i][1], (int) TARGETS[i],
          String.format("XOR=%d  out %.3f", (int) TARGETS[i], out)));
    }
    Charts.heatMap(png, name + ": network output over [0,1]^2", "input 1", "input 2",
        new Charts.Grid(axis, axis, z), 0, 1, Charts.VIRIDIS, marks);
  }
}
