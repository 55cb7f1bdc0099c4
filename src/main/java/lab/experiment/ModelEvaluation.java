package lab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.ChartNames;
import lab.chart.Charts;
import lab.chart.RunTitle;
import lab.results.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.EvaluationCalibration;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.curves.ReliabilityDiagram;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained classifier measured with DL4J's evaluation classes on named data sets:
 * {@link Evaluation} (accuracy; precision, recall and F1 per class and macro-averaged; the
 * confusion matrix), {@link ROC} with exact AUC for one sigmoid output (XOR, noisy XOR) and
 * {@link EvaluationCalibration} (reliability diagram). Results go into evaluation.json, one entry
 * per set, and charts reliability--SET.png and confusion--SET.png.
 */
public final class ModelEvaluation {
  public static final String FILE = "evaluation.json";
  /** Bins of the reliability diagram. */
  public static final int CALIBRATION_BINS = 10;
  /**
   * Bins of EvaluationCalibration's residual and probability histograms, which nothing here
   * reads: one. Its eval makes about 14 passes over the whole output per histogram bin, each a new
   * array, against 9 per reliability bin; with 10 histogram bins the calibration of MNIST's 10,000
   * test images took about 330 ms. The reliability diagram does not depend on the histograms.
   */
  static final int UNUSED_HISTOGRAM_BINS = 1;

  private ModelEvaluation() {}

  /**
   * Evaluates {@code net} on each set, merges the entries into {@code dir}/evaluation.json
   * (written beside and renamed, so an earlier file is never half-replaced) and, when
   * {@code charts}, draws each set's charts. Returns the entries written.
   */
  public static Map<String, Object> write(Path dir, String name, MultiLayerNetwork net,
      Map<String, DataSet> sets, boolean charts) {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (Map.Entry<String, DataSet> set : sets.entrySet()) {
      Map<String, Object> e = evaluate(net, set.getKey(), set.getValue());
      entries.put(set.getKey(), e);
      if (charts) drawCharts(dir, name, set.getKey(), e);
    }
    Path file = dir.resolve(FILE);
    Map<String, Object> all = new LinkedHashMap<>();
    if (Files.isRegularFile(file)) all.putAll(Json.read(file));
    @SuppressWarnings("unchecked")
    Map<String, Object> bySet = all.get("sets") instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    bySet.putAll(entries);
    all.put("name", name);
    all.put("note", "DL4J's Evaluation, ROC (exact, binary outputs) and EvaluationCalibration ("
        + CALIBRATION_BINS + " bins) of model.zip's outputs; confusion rows are the true class,"
        + " columns the predicted one");
    all.put("sets", bySet);
    Json.write(file, all); // beside its place and renamed into it (AtomicFiles)
    return entries;
  }

  /** Each set's charts, for the entries {@link #write} returned. */
  @SuppressWarnings("unchecked")
  public static void drawCharts(Path dir, String name, Map<String, Object> entries) {
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      drawCharts(dir, name, e.getKey(), (Map<String, Object>) e.getValue());
    }
  }

  /**
   * The measures of set {@code name}. A one-column (sigmoid) output is read as the probability
   * of class 1. Outputs that are not all finite are one line naming the set (DL4J's Evaluation
   * stops on them with a stack trace).
   */
  static Map<String, Object> evaluate(MultiLayerNetwork net, String name, DataSet set) {
    INDArray out = net.output(set.getFeatures(), false);
    if (out.isNaN().any() || out.isInfinite().any()) {
      throw new lab.core.UserError("set " + name + ": the model's outputs are not all finite"
          + " numbers (its inputs overflow the network, or the model holds numbers that are not"
          + " finite); allowed: inputs of smaller magnitude");
    }
    return measures(out, set.getLabels(), set.numExamples());
  }

  /** {@link #evaluate}'s measures of a network's outputs {@code output} against {@code labels}. */
  static Map<String, Object> measures(INDArray output, INDArray labelRows, int examples) {
    INDArray out = output.castTo(DataType.DOUBLE);
    INDArray labels = labelRows.castTo(DataType.DOUBLE);
    boolean binary = out.size(1) == 1;
    INDArray probs = binary ? twoColumns(out) : out;
    INDArray truth = binary ? twoColumns(labels) : labels;
    int classes = (int) probs.size(1);

    Evaluation ev = new Evaluation(classes);
    ev.eval(truth, probs);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("examples", examples);
    m.put("accuracy", finite(ev.accuracy()));
    m.put("precision_macro", finite(ev.precision()));
    m.put("recall_macro", finite(ev.recall()));
    m.put("f1_macro", finite(ev.f1()));
    List<Map<String, Object>> perClass = new ArrayList<>();
    long[][] confusion = new long[classes][classes];
    for (int c = 0; c < classes; c++) {
      Map<String, Object> pc = new LinkedHashMap<>();
      pc.put("class", c);
      pc.put("precision", finite(ev.precision(c)));
      pc.put("recall", finite(ev.recall(c)));
      pc.put("f1", finite(ev.f1(c)));
      long count = 0;
      for (int p = 0; p < classes; p++) {
        confusion[c][p] = ev.getConfusionMatrix().getCount(c, p);
        count += confusion[c][p];
      }
      pc.put("examples", count);
      perClass.add(pc);
    }
    m.put("per_class", perClass);
    m.put("confusion", confusion);
    if (binary) {
      ROC roc = new ROC(0); // exact: every distinct output is a threshold
      roc.eval(truth, probs);
      m.put("roc_auc", finite(roc.calculateAUC()));
      m.put("roc_auprc", finite(roc.calculateAUCPR()));
    }
    // The diagram by ReliabilityBins (the same numbers), else (floats, another backend) by
    // EvaluationCalibration.
    List<double[][]> small = ReliabilityBins.of(probs, truth, CALIBRATION_BINS);
    EvaluationCalibration cal = null;
    if (small == null) {
      cal = new EvaluationCalibration(CALIBRATION_BINS, UNUSED_HISTOGRAM_BINS);
      cal.eval(truth, probs);
    }
    List<Map<String, Object>> diagrams = new ArrayList<>();
    for (int c = binary ? 1 : 0; c < classes; c++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("class", c);
      if (small != null) {
        r.put("mean_predicted", small.get(c)[0]);
        r.put("fraction_positive", small.get(c)[1]);
      } else {
        ReliabilityDiagram d = cal.getReliabilityDiagram(c);
        r.put("mean_predicted", d.getMeanPredictedValueX());
        r.put("fraction_positive", d.getFractionPositivesY());
      }
      diagrams.add(r);
    }
    m.put("reliability", diagrams);
    return m;
  }

  /** A probability p of class 1 as the two columns [1 - p, p]. */
  private static INDArray twoColumns(INDArray p) {
    return Nd4j.hstack(p.rsub(1.0), p);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** reliability--SET.png and confusion--SET.png (lab.chart.ChartNames) from one entry. */
  @SuppressWarnings("unchecked")
  static void drawCharts(Path dir, String name, String set, Map<String, Object> e) {

    List<Charts.Series> lines = new ArrayList<>();
    lines.add(new Charts.Series("perfectly calibrated", new double[] {0, 1},
        new double[] {0, 1}));
    for (Map<String, Object> r : (List<Map<String, Object>>) e.get("reliability")) {
      lines.add(new Charts.Series("class " + r.get("class"), (double[]) r.get("mean_predicted"),
          (double[]) r.get("fraction_positive")));
    }
    Charts.line(dir.resolve(ChartNames.png("reliability", set)),
        RunTitle.of(dir, name) + ": reliability on " + set + " (" + CALIBRATION_BINS + " bins)",
        "mean predicted probability", "fraction of positives", false, lines);
    long[][] confusion = (long[][]) e.get("confusion");
    int n = confusion.length;
    List<String> labels = new ArrayList<>();
    double[][] z = new double[n][n];
    double max = 1;
    for (int c = 0; c < n; c++) {
      labels.add(String.valueOf(c));
      for (int p = 0; p < n; p++) {
        // The first row at the top: the y axis runs upwards, so row c is drawn at n - 1 - c.
        z[n - 1 - c][p] = confusion[c][p];
        max = Math.max(max, confusion[c][p]);
      }
    }
    List<String> ys = new ArrayList<>(labels);
    java.util.Collections.reverse(ys);
    String[][] text = new String[n][n];
    for (int r = 0; r < n; r++) {
      for (int p = 0; p < n; p++) text[r][p] = String.valueOf((long) z[r][p]);
    }
    Charts.heatMap(dir.resolve(ChartNames.png("confusion", set)),
        RunTitle.of(dir, name) + ": confusion on " + set + " (rows true, columns predicted)", "predicted class",
        "true class", labels, ys, z, text, 0, max, Charts.VIRIDIS);
  }
}
