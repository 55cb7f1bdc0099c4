package lab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.chart.RunTitle;
import lab.data.LabeledPoints;
import lab.data.PointsCsv;
import lab.net.ParameterReplay;
import lab.results.Json;
import lab.results.MetricsTable;

/**
 * The charts of a noisy-xor result, drawn from its stored files alone (metrics.csv,
 * summary.json's parameters, valid.csv): train vs validation loss and accuracy, the decision
 * regions (the chart Raschka draws with mlxtend's plot_decision_regions) and the predicted
 * probability of class 1.
 */
final class NoisyXorCharts {

  /** Grid points per axis: fine enough that the boundary looks smooth at the chart's size. */
  static final int GRID = 161;

  private NoisyXorCharts() {}

  static void draw(Path dir) {
    MetricsTable metrics = MetricsTable.read(dir.resolve("metrics.csv"));
    Map<String, Object> summary = Json.read(dir.resolve("summary.json"));
    String name = String.valueOf(summary.get("name"));
    Charts.trainingCurves(dir, name, metrics, false);
    String title = RunTitle.of(dir, name);

    ParameterReplay net = XorExperiment.replayOf(summary, dir.resolve("summary.json"), 2);
    if (net == null) return; // too many parameters to keep in summary.json (NetworkParameters)
    LabeledPoints valid = PointsCsv.read(dir.resolve(NoisyXorExperiment.VALID_CSV));
    // Older results may lack train.csv; their map shows the validation points alone.
    Path trainCsv = dir.resolve(NoisyXorExperiment.TRAIN_CSV);
    LabeledPoints train = java.nio.file.Files.isRegularFile(trainCsv) ? PointsCsv.read(trainCsv)
        : null;
    double[] axis = axis(valid);
    double[][] probability = new double[GRID][GRID];
    double[][] predicted = new double[GRID][GRID];
    for (int iy = 0; iy < GRID; iy++) {
      for (int ix = 0; ix < GRID; ix++) {
        double p = net.output(new double[] {axis[ix], axis[iy]})[0];
        probability[iy][ix] = p;
        // The threshold the trainer's accuracy uses: class 1 above 0.5.
        predicted[iy][ix] = p > 0.5 ? 1 : 0;
      }
    }
    List<Charts.Mark> marks = marks(valid, true);
    List<Charts.Mark> both = new ArrayList<>(train == null ? List.of() : marks(train, false));
    both.removeIf(m -> !inside(m, axis));
    both.addAll(marks);
    Charts.classMap(dir.resolve("decision-regions.png"),
        title + ": predicted class and the points' true class", "x0", "x1",
        new Charts.Grid(axis, axis, predicted), Charts.CLASS_REGIONS, both, "validation",
        "train");
    Charts.heatMap(dir.resolve("probability.png"),
        title + ": predicted probability of class 1", "x0", "x1",
        new Charts.Grid(axis, axis, probability), 0, 1, Charts.VIRIDIS, marks);
  }

  /**
   * Grid coordinates over [-1,1], widened in steps of 0.5 when validation points (jittered or the
   * user's) lie outside, so every point is drawn on the map.
   */
  static double[] axis(LabeledPoints points) {
    double lo = -1;
    double hi = 1;
    for (double[] p : points.x()) {
      lo = Math.min(lo, Math.floor(Math.min(p[0], p[1]) * 2) / 2);
      hi = Math.max(hi, Math.ceil(Math.max(p[0], p[1]) * 2) / 2);
    }
    double[] axis = new double[GRID];
    for (int i = 0; i < GRID; i++) axis[i] = lo + (hi - lo) * i / (GRID - 1);
    return axis;
  }

  private static List<Charts.Mark> marks(LabeledPoints points, boolean filled) {
    List<Charts.Mark> marks = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      marks.add(new Charts.Mark(points.x()[i][0], points.x()[i][1], points.y()[i], null,
          filled));
    }
    return marks;
  }

  /** Whether a mark lies on the map (the map spans the validation points only). */
  private static boolean inside(Charts.Mark m, double[] axis) {
    double lo = axis[0];
    double hi = axis[axis.length - 1];
    return m.x() >= lo && m.x() <= hi && m.y() >= lo && m.y() <= hi;
  }
}
