package lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.data.BatchSource;
import lab.data.ShuffledBatches;
import lab.data.ToyRegressionData;
import lab.net.Engines;
import lab.net.MemoryEstimate;
import lab.net.NetworkFactory;
import lab.net.NetworkParameters;
import lab.net.ParameterReplay;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.results.Provenance;
import lab.spec.ExperimentSpec;
import lab.train.Trainer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The toy linear regression of Raschka et al. ch. 12 (seed note 002): ten points, x standardized,
 * a network with one input and one output (with {@code model.hidden: []} and an identity output
 * that is the book's z = w x + b), a squared-error loss, no accuracy. Writes the data as
 * data.csv, the final w and b into summary.json, and charts the loss and the fitted line over
 * the points.
 */
public final class RegressionExperiment implements Experiment {

  public static final String DATA_CSV = "data.csv";
  public static final String FIT_PNG = "fit.png";
  /** Points on the drawn line or curve, across the range of the data. */
  static final int CURVE_POINTS = 100;

  /** Runs one regression spec from an IDE: {@code RegressionExperiment spec.yaml [--set k=v]}. */
  public static void main(String[] args) {
    System.exit(ExperimentMain.run("regression", args));
  }

  @Override
  public Run train(ExperimentSpec spec, Path dir, PrintStream console) {
    ToyRegressionData data = ToyRegressionData.book();
    data.writeCsv(dir.resolve(DATA_CSV));
    DataSet set = data.dataSet(spec.isDouble());
    console.printf("data: %d points, x = 0..9 standardized with mean %.4g and population std"
        + " %.4g (np.std)%n", data.size(), data.mean(), data.std());
    // batch 0 (or the whole set) is full-batch descent; smaller batches are reshuffled every
    // epoch from the seed (the book's DataLoader shuffles too, from torch's generator).
    BatchSource batches = spec.batch() == 0 || spec.batch() >= data.size()
        ? BatchSource.fullBatch(set)
        : new ShuffledBatches(set, spec.batch(), spec.seed(),
            Engines.choose(spec.engine()).rowCopy());
    Map<String, DataSet> evalSets = Trainer.sets("train", set);

    // The network factory's draw is fixed by the seed: this is where training starts from.
    List<ParameterReplay.Dense> initial = NetworkParameters.of(NetworkFactory.build(spec, 1, 1));
    EngineComparison.Trained trained =
        EngineComparison.train(spec, 1, 1, batches, evalSets, dir, console);
    Map<String, Object> extras = trained.summaryExtras();

    List<ParameterReplay.Dense> params = trained.net().denseLayers();
    double[] best = data.leastSquares();
    if (params.size() == 1) {
      // No hidden layer: the network is the book's line, and its two numbers say it all.
      double w = params.get(0).w()[0][0];
      double b = params.get(0).b()[0];
      console.printf("Final parameters: w %.6f, b %.6f (started at w %.6f, b %.6f; least"
          + " squares: w %.6f, b %.6f)%n", w, b, initial.get(0).w()[0][0],
          initial.get(0).b()[0], best[0], best[1]);
      extras.put("w", w);
      extras.put("b", b);
      extras.put("initial_w", initial.get(0).w()[0][0]);
      extras.put("initial_b", initial.get(0).b()[0]);
    }
    extras.put("least_squares", Map.of("w", best[0], "b", best[1]));
    extras.put("data", Map.of("n", data.size(), "x_mean", data.mean(), "x_std", data.std(),
        "standardization", "(x - mean) / population std, as np.std"));
    NetworkParameters.putSummary(extras, MemoryEstimate.of(spec).parameterCount(), () -> params);
    return new Run(trained.outcome(), extras, dataSha256(dir.resolve(DATA_CSV)), trained.net());
  }

  private static String dataSha256(Path csv) {
    try {
      return Provenance.sha256(Files.readAllBytes(csv));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void drawCharts(Path dir) {
    MetricsTable metrics = MetricsTable.read(dir.resolve("metrics.csv"));
    Map<String, Object> summary = Json.read(dir.resolve("summary.json"));
    String name = String.valueOf(summary.get("name"));
    Charts.trainingCurves(dir, name, metrics, true);
    ParameterReplay net = XorExperiment.replayOf(summary, dir.resolve("summary.json"), 1);
    if (net != null) { // null: too many parameters to keep in summary.json (NetworkParameters)
      drawFit(dir.resolve(FIT_PNG), name, ToyRegressionData.readCsv(dir.resolve(DATA_CSV)), net,
          summary);
    }
    EngineComparison.drawChart(dir, name);
  }

  /** The points and the trained network's output over their range, as the book's figure. */
  static void drawFit(Path png, String name, ToyRegressionData data, ParameterReplay net,
      Map<String, Object> summary) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : data.xStandardized()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double[] xs = new double[CURVE_POINTS];
    double[] ys = new double[CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
      xs[i] = lo + (hi - lo) * i / (CURVE_POINTS - 1);
      ys[i] = net.output(new double[] {xs[i]})[0];
    }
    String fitted = summary.containsKey("w")
        ? String.format("fitted line z = %.3f x + %.3f", ((Number) summary.get("w")).doubleValue(),
            ((Number) summary.get("b")).doubleValue())
        : "network output";
    List<Charts.Series> dots = new ArrayList<>();
    dots.add(new Charts.Series("training examples", data.xStandardized(), data.y()));
    Charts.dotsAndLines(png, name + ": " + fitted, "x (standardized)", "y", false, false, dots,
        List.of(new Charts.Series(fitted, xs, ys)));
  }
}
