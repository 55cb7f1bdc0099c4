package lab.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.chart.RunTitle;
import lab.chart.DigitGrids;
import lab.core.UserError;
import lab.mnist.IdxFile;
import lab.mnist.MnistData;
import lab.mnist.MnistFiles;
import lab.results.Json;
import lab.results.MetricsTable;

/**
 * The MNIST charts, from a results folder's metrics.csv, summary.json and confusion.csv, and the
 * images of the checked data cache: nothing is retrained.
 */
public final class MnistCharts {

  /** The book's figure 11.5 shows 25 variants of the digit 7. */
  static final int VARIANTS_DIGIT = 7;

  private MnistCharts() {}

  static void draw(Path dir) {
    MetricsTable metrics = MetricsTable.read(dir.resolve("metrics.csv"));
    Map<String, Object> summary = Json.read(dir.resolve("summary.json"));
    String name = String.valueOf(summary.get("name"));
    Charts.trainingCurves(dir, name, metrics, true);
    String title = RunTitle.of(dir, name);
    drawConfusion(dir, title);
    lab.experiment.EngineComparison.drawChart(dir, title); // a scratch-engine run's, if any

    Path cache = MnistFiles.cacheDir();
    try {
      MnistFiles.check(cache);
    } catch (UserError e) {
      throw new UserError("the digit charts of " + name + " need the MNIST images: "
          + e.getMessage());
    }
    MnistData data = MnistData.read(cache);
    drawDigits(dir, data);
    drawMisclassified(dir, title, data, summary);
  }

  private static void drawDigits(Path dir, MnistData data) {
    List<DigitGrids.Tile> examples = new ArrayList<>();
    for (int digit = 0; digit < MnistData.CLASSES; digit++) {
      int i = 0;
      while (data.trainLabel(i) != digit) i++;
      examples.add(new DigitGrids.Tile(data.trainImage(i), String.valueOf(digit)));
    }
    DigitGrids.draw(dir.resolve("digits.png"),
        "The first image of each digit in the training file", 2, 5, IdxFile.ROWS, examples);

    List<DigitGrids.Tile> variants = new ArrayList<>();
    for (int i = 0; i < data.trainFileSize() && variants.size() < 25; i++) {
      if (data.trainLabel(i) == VARIANTS_DIGIT) {
        variants.add(new DigitGrids.Tile(data.trainImage(i), "#" + i));
      }
    }
    DigitGrids.draw(dir.resolve("digit-variants.png"),
        "25 handwritten " + VARIANTS_DIGIT + "s from the training file", 5, 5, IdxFile.ROWS,
        variants);
  }

  @SuppressWarnings("unchecked")
  private static void drawMisclassified(Path dir, String name, MnistData data,
      Map<String, Object> summary) {
    Object listed = summary.get("first_misclassified");
    if (!(listed instanceof List<?> rows)) {
      throw new UserError(dir.resolve("summary.json") + ": no first_misclassified; rerun ./lab run "
          + name);
    }
    List<DigitGrids.Tile> tiles = new ArrayList<>();
    for (Object row : rows) {
      Map<String, Object> m = (Map<String, Object>) row;
      int index = ((Number) m.get("test_index")).intValue();
      tiles.add(new DigitGrids.Tile(data.testImage(index),
          "True: " + m.get("true") + " / Predicted: " + m.get("predicted")));
    }
    DigitGrids.draw(dir.resolve("misclassified.png"),
        name + ": the first " + tiles.size() + " misclassified test images", 5, 5, IdxFile.ROWS,
        tiles);
  }

  private static void drawConfusion(Path dir, String name) {
    double[][] counts = readConfusion(dir.resolve("confusion.csv"));
    int n = counts.length;
    double[] axis = new double[n];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      axis[i] = i;
      labels.add(String.valueOf(i));
    }
    // Colors saturate at the largest off-diagonal count, so the errors, not the ~1,000 right
    // answers per digit, set the scale. The heat map draws row 0 at the bottom: flip it so that
    // true digit 0 is the top row, as confusion matrices are read.
    double maxOff = 1;
    double[][] z = new double[n][n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        if (r != c) maxOff = Math.max(maxOff, counts[r][c]);
        z[n - 1 - r][c] = counts[r][c];
      }
    }
    List<String> yLabels = new ArrayList<>(labels);
    java.util.Collections.reverse(yLabels);
    double[] yAxis = axis.clone();
    Charts.heatMap(dir.resolve("confusion.png"),
        name + ": test confusion (colors saturate at " + (long) maxOff + ")",
        "predicted digit", "true digit", new Charts.Grid(axis, yAxis, z), 0, maxOff,
        Charts.VIRIDIS, labels, yLabels, "0");
  }

  public static double[][] readConfusion(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw UserError.unreadable(file, e, "rerun the experiment");
    }
    int n = MnistData.CLASSES;
    if (lines.size() < n + 1) throw new UserError(file + ": expected " + (n + 1) + " lines");
    double[][] m = new double[n][n];
    for (int r = 0; r < n; r++) {
      String[] cells = lines.get(r + 1).split(",");
      if (cells.length != n + 1) {
        throw new UserError(file + ":" + (r + 2) + ": expected " + (n + 1) + " columns");
      }
      for (int c = 0; c < n; c++) {
        try {
          m[r][c] = Double.parseDouble(cells[c + 1]);
        } catch (NumberFormatException e) {
          throw new UserError(file + ":" + (r + 2) + ": '" + cells[c + 1] + "' is not a number");
        }
      }
    }
    return m;
  }
}
