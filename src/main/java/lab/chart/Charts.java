package lab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Every chart the suite draws, as PNG files, headless. */
public final class Charts {

  public static final int WIDTH = 800;
  public static final int HEIGHT = 560;

  /** Perceptually even colors from dark blue through green to yellow (viridis stops). */
  public static final Color[] VIRIDIS = {
    new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
    new Color(94, 201, 98), new Color(253, 231, 37)
  };

  /** Pale blue and pale red regions, under the class 0 circles and class 1 triangles. */
  public static final Color[] CLASS_REGIONS = {new Color(188, 207, 247), new Color(250, 197, 186)};

  /** One line of a line chart. */
  public record Series(String name, double[] x, double[] y) {}

  /** A point drawn on a map: a filled circle for class 0, a filled triangle for class 1. */
  public record Mark(double x, double y, int cls, String label) {}

  /** Values over a regular grid: {@code z[iy][ix]} at ({@code xs[ix]}, {@code ys[iy]}). */
  public record Grid(double[] xs, double[] ys, double[][] z) {}

  private Charts() {}

  /**
   * loss.png and accuracy.png of a results folder: one line per evaluation set that metrics.csv
   * holds (train, then valid and test where present), so every experiment draws them alike. A
   * regression's metrics have no accuracy columns, and it gets no accuracy.png.
   */
  public static void trainingCurves(Path dir, String name, lab.results.MetricsTable metrics,
      boolean logLoss) {
    double[] epoch = metrics.column("epoch");
    List<Series> loss = new ArrayList<>();
    List<Series> accuracy = new ArrayList<>();
    for (String set : List.of("train", "valid", "test")) {
      if (!metrics.has(set + "_loss")) continue;
      String label = set.equals("valid") ? "validation" : set;
      loss.add(new Series(label, epoch, metrics.column(set + "_loss")));
      if (metrics.has(set + "_accuracy")) {
        accuracy.add(new Series(label, epoch, metrics.column(set + "_accuracy")));
      }
    }
    line(dir.resolve("loss.png"), name + ": loss per epoch", "epoch",
        logLoss ? "loss (log scale)" : "loss", logLoss, loss);
    if (accuracy.isEmpty()) return;
    // Accuracy curves end near 1, where a legend at the top right would cover them.
    line(dir.resolve("accuracy.png"), name + ": accuracy per epoch", "epoch", "accuracy", false,
        accuracy, null, Styler.LegendPosition.InsideSE);
  }

  public static void line(Path png, String title, String xTitle, String yTitle, boolean logY,
      List<Series> series) {
    line(png, title, xTitle, yTitle, logY, series, null);
  }

  /**
   * A line chart whose i-th series is drawn {@code lineWidths[i]} pixels wide (null: XChart's
   * default), e.g. a wide line under a thin one so that two curves that coincide both show.
   */
  public static void line(Path png, String title, String xTitle, String yTitle, boolean logY,
      List<Series> series, float[] lineWidths) {
    line(png, title, xTitle, yTitle, logY, series, lineWidths, Styler.LegendPosition.InsideNE);
  }

  /** As above, with the legend where it hides no curve (e.g. InsideSE for rising accuracy). */
  public static void line(Path png, String title, String xTitle, String yTitle, boolean logY,
      List<Series> series, float[] lineWidths, Styler.LegendPosition legend) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setLegendPosition(legend);
    chart.getStyler().setLegendVisible(series.size() > 1);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    int drawn = 0;
    for (Series s : series) {
      double[][] xy = logY ? positiveOnly(s.x(), s.y()) : new double[][] {s.x(), s.y()};
      if (xy[0].length == 0) continue;
      XYSeries line = chart.addSeries(s.name(), xy[0], xy[1]);
      line.setMarker(xy[0].length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      int i = series.indexOf(s);
      if (lineWidths != null && i < lineWidths.length) {
        line.setLineStyle(new BasicStroke(lineWidths[i], BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND));
      }
      drawn++;
    }
    if (drawn == 0) {
      chart.addSeries("no data", new double[] {0}, new double[] {1});
    }
    save(chart, png);
  }

  /** Drops points a log axis cannot show (zero, negative, NaN). */
  private static double[][] positiveOnly(double[] x, double[] y) {
    List<double[]> keep = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (y[i] > 0 && Double.isFinite(y[i])) keep.add(new double[] {x[i], y[i]});
    }
    double[][] out = new double[2][keep.size()];
    for (int i = 0; i < keep.size(); i++) {
      out[0][i] = keep.get(i)[0];
      out[1][i] = keep.get(i)[1];
    }
    return out;
  }

  /**
   * A heat map of {@code grid} with colors running from {@code colors[0]} at {@code min} to the
   * last color at {@code max}, and {@code marks} drawn on top.
   */
  public static void heatMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      double min, double max, Color[] colors, List<Mark> marks) {
    heatMap(png, title, xTitle, yTitle, grid, min, max, colors, marks,
        tickLabels(grid.xs()), tickLabels(grid.ys()), null);
  }

  /**
   * A map of two classes: each cell of {@code grid} holds 0 or 1 and is filled with
   * {@code classColors[0]} or {@code classColors[1]}; {@code marks} are drawn on top.
   */
  public static void classMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      Color[] classColors, List<Mark> marks) {
    if (classColors.length != 2) throw new IllegalArgumentException("two class colors");
    heatMap(png, title, xTitle, yTitle, grid, 0, 1, classColors, marks);
  }

  /**
   * A heat map of categories, e.g. a confusion matrix: every cell labelled by {@code xLabels} and
   * {@code yLabels}, and its value written in it with {@code valuePattern} (null: no values).
   */
  public static void heatMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      double min, double max, Color[] colors, List<String> xLabels, List<String> yLabels,
      String valuePattern) {
    heatMap(png, title, xTitle, yTitle, grid, min, max, colors, List.of(), xLabels, yLabels,
        valuePattern);
  }

  private static void heatMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      double min, double max, Color[] colors, List<Mark> marks, List<String> xLabels,
      List<String> yLabels, String valuePattern) {
    HeatMapChart chart = heatMapChart(title, xTitle, yTitle, min, max, colors);
    chart.getStyler().setShowValue(valuePattern != null);
    chart.getStyler().setHeatMapValueDecimalPattern(valuePattern != null ? valuePattern : "0.00");
    int nx = grid.xs().length;
    int ny = grid.ys().length;
    List<Number[]> cells = new ArrayList<>(nx * ny);
    for (int iy = 0; iy < ny; iy++) {
      for (int ix = 0; ix < nx; ix++) cells.add(new Number[] {ix, iy, grid.z()[iy][ix]});
    }
    chart.addSeries(title, xLabels, yLabels, cells);
    if (!marks.isEmpty()) chart.addAnnotation(new MarksAnnotation(grid, marks));
    save(chart, png);
  }

  /**
   * A heat map over two lists of categories (e.g. the values of two swept keys), each cell
   * labelled with its value; {@code z[iy][ix]} belongs to {@code xs[ix]}, {@code ys[iy]}. NaN
   * cells (nothing measured) are left blank.
   */
  public static void heatMap(Path png, String title, String xTitle, String yTitle,
      List<String> xs, List<String> ys, double[][] z, double min, double max, Color[] colors) {
    heatMap(png, title, xTitle, yTitle, xs, ys, z, min, max, colors, "0.00");
  }

  /** As above, each cell's value written with {@code valuePattern}, e.g. "0.000". */
  public static void heatMap(Path png, String title, String xTitle, String yTitle,
      List<String> xs, List<String> ys, double[][] z, double min, double max, Color[] colors,
      String valuePattern) {
    HeatMapChart chart = heatMapChart(title, xTitle, yTitle, min, max, colors);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern(valuePattern);
    // Red reads on both ends of viridis (dark violet and yellow); black and white each do not.
    chart.getStyler().setValueFontColor(new Color(230, 40, 40));
    chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    List<Number[]> cells = new ArrayList<>();
    for (int iy = 0; iy < ys.size(); iy++) {
      for (int ix = 0; ix < xs.size(); ix++) {
        if (!Double.isNaN(z[iy][ix])) cells.add(new Number[] {ix, iy, z[iy][ix]});
      }
    }
    chart.addSeries(title, xs, ys, cells);
    save(chart, png);
  }

  private static HeatMapChart heatMapChart(String title, String xTitle, String yTitle,
      double min, double max, Color[] colors) {
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT + 60)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setPlotContentSize(1.0);
    chart.getStyler().setRangeColors(colors);
    chart.getStyler().setMin(min);
    chart.getStyler().setMax(max);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setDrawBorder(true);
    // Every category gets its tick; tickLabels() leaves all but a few of them blank.
    chart.getStyler().setXAxisTickMarkSpacingHint(1);
    chart.getStyler().setYAxisTickMarkSpacingHint(1);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setHeatMapValueDecimalPattern("0.00");
    return chart;
  }

  /** Colors told apart easily, for series that belong together (dots and their line). */
  public static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
    new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75)
  };

  /**
   * Each {@code dots[i]} as unconnected dots and {@code lines[i]} as a line over them, in the
   * same color: e.g. every seed's final loss and their median, per optimizer.
   */
  public static void dotsAndLines(Path png, String title, String xTitle, String yTitle,
      boolean logX, boolean logY, List<Series> dots, List<Series> lines) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    int drawn = 0;
    for (int i = 0; i < dots.size(); i++) {
      Color color = PALETTE[i % PALETTE.length];
      Series d = dots.get(i);
      double[][] xy = logY ? positiveOnly(d.x(), d.y()) : new double[][] {d.x(), d.y()};
      if (xy[0].length > 0) {
        XYSeries s = chart.addSeries(d.name(), xy[0], xy[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 120));
        drawn++;
      }
      Series m = lines.get(i);
      xy = logY ? positiveOnly(m.x(), m.y()) : new double[][] {m.x(), m.y()};
      if (xy[0].length > 0) {
        XYSeries s = chart.addSeries(m.name(), xy[0], xy[1]);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(2.5f));
        drawn++;
      }
    }
    if (drawn == 0) chart.addSeries("no data", new double[] {1}, new double[] {1});
    save(chart, png);
  }

  /**
   * Curves of many runs of one recipe: the interquartile range a filled band, each run a thin
   * grey line over it, the median a thick line on top.
   */
  public static void band(Path png, String title, String xTitle, String yTitle, boolean logY,
      double[] x, List<double[]> runs, double[] q25, double[] median, double[] q75) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    // Below the plot: inside, it covers the curves that stay on a plateau near the start.
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    // XChart has no band between two curves; a polygon, the 75th percentile left to right and
    // the 25th back, fills exactly that area (drawn first, so the curves stay on top of it).
    double[][] hi = logY ? positiveOnly(x, q75) : new double[][] {x, q75};
    double[][] lo = logY ? positiveOnly(x, q25) : new double[][] {x, q25};
    if (hi[0].length > 0 && lo[0].length > 0) {
      int n = hi[0].length;
      int m = lo[0].length;
      double[] px = new double[n + m];
      double[] py = new double[n + m];
      for (int i = 0; i < n; i++) {
        px[i] = hi[0][i];
        py[i] = hi[1][i];
      }
      for (int i = 0; i < m; i++) {
        px[n + i] = lo[0][m - 1 - i];
        py[n + i] = lo[1][m - 1 - i];
      }
      XYSeries iqr = chart.addSeries("25th-75th percentile", px, py);
      iqr.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      iqr.setFillColor(new Color(PALETTE[0].getRed(), PALETTE[0].getGreen(),
          PALETTE[0].getBlue(), 70));
      iqr.setLineStyle(SeriesLines.NONE);
      iqr.setMarker(SeriesMarkers.NONE);
    }
    for (int i = 0; i < runs.size(); i++) {
      double[][] xy = logY ? positiveOnly(x, runs.get(i)) : new double[][] {x, runs.get(i)};
      if (xy[0].length == 0) continue;
      XYSeries s = chart.addSeries(i == 0 ? "each seed" : "seed " + i, xy[0], xy[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(new Color(150, 150, 150, 110));
      s.setLineStyle(new BasicStroke(1f));
      s.setShowInLegend(i == 0);
    }
    double[][] mid = logY ? positiveOnly(x, median) : new double[][] {x, median};
    if (mid[0].length > 0) {
      XYSeries s = chart.addSeries("median", mid[0], mid[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(PALETTE[0]);
      s.setLineStyle(new BasicStroke(3f));
    }
    if (chart.getSeriesCollection().isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {1});
    }
    save(chart, png);
  }

  /** One box (quartiles, whiskers, outliers) per named sample. */
  public static void boxPlot(Path png, String title, String xTitle, String yTitle,
      List<String> names, List<double[]> samples) {
    BoxChart chart = new BoxChartBuilder().width(Math.max(WIDTH, 40 * names.size()))
        .height(HEIGHT + 120).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setXAxisTickMarkSpacingHint(1); // else XChart drops every other label
    // XChart's default box width follows the plot margin, not the number of boxes: with many
    // points the boxes overlap their neighbours.
    chart.getStyler().setBoxWidthFraction(0.6);
    for (int i = 0; i < names.size(); i++) {
      double[] v = samples.get(i);
      // XChart cannot draw an empty box; a point where every seed diverged has no final loss.
      if (v.length > 0) chart.addSeries(names.get(i), v);
    }
    if (chart.getSeriesCollection().isEmpty()) chart.addSeries("no data", new double[] {0});
    save(chart, png);
  }

  /** Grouped bars: for each category, one bar per series ({@code values.get(s)[category]}). */
  public static void bars(Path png, String title, String xTitle, String yTitle,
      List<String> categories, List<String> seriesNames, List<double[]> values) {
    bars(png, title, xTitle, yTitle, categories, seriesNames, values, null);
  }

  /** As above, the y axis from 0 to {@code yMax} (null: to the largest bar). */
  public static void bars(Path png, String title, String xTitle, String yTitle,
      List<String> categories, List<String> seriesNames, List<double[]> values, Double yMax) {
    CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, 30 * categories.size()
        * seriesNames.size())).height(HEIGHT + 120).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setYAxisMin(0.0);
    if (yMax != null) chart.getStyler().setYAxisMax(yMax);
    if (seriesNames.size() == 1) {
      // One series: its name is the y axis title already; the value on each bar says more.
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setLabelsVisible(true);
      chart.getStyler().setLabelsPosition(0.5);
    }
    chart.getStyler().setXAxisTickMarkSpacingHint(1); // else XChart drops every other label
    for (int s = 0; s < seriesNames.size(); s++) {
      List<Double> ys = new ArrayList<>();
      for (double v : values.get(s)) ys.add(Double.isNaN(v) ? 0.0 : v);
      chart.addSeries(seriesNames.get(s), categories, ys).setFillColor(PALETTE[s % PALETTE.length]);
    }
    save(chart, png);
  }

  /**
   * Category labels for a heat map axis: about six evenly spaced values are written, the others
   * are blank (distinct runs of zero-width spaces: XChart keys categories by their text, and
   * visible blanks would take room and make it drop real labels).
   */
  private static List<String> tickLabels(double[] values) {
    int intervals = Math.max(1, values.length - 1);
    int every = Math.max(1, intervals / 5);
    for (int d = Math.max(1, intervals / 8); d <= Math.max(1, intervals / 4); d++) {
      if (intervals % d == 0) {
        every = d;
        break;
      }
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      labels.add(i % every == 0 || i == values.length - 1
          ? String.format("%.2f", values[i]) : "\u200B".repeat(i));
    }
    return labels;
  }

  private static void save(Chart<?, ?> chart, Path png) {
    try {
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Draws marks at data coordinates over a heat map whose cells fill the plot area. */
  private static final class MarksAnnotation extends Annotation {
    private final Grid grid;
    private final List<Mark> marks;

    MarksAnnotation(Grid grid, List<Mark> marks) {
      super(false);
      this.grid = grid;
      this.marks = marks;
    }

    @Override
    public void paint(Graphics2D g) {
      double left = getXAxisScreenValueForMin();
      double right = getXAxisScreenValueForMax();
      double top = getYAxisScreenValueForMin();
      double bottom = getYAxisScreenValueForMax();
      int nx = grid.xs().length;
      int ny = grid.ys().length;
      double cellW = (right - left) / nx;
      double cellH = (bottom - top) / ny;
      double x0 = grid.xs()[0];
      double x1 = grid.xs()[nx - 1];
      double y0 = grid.ys()[0];
      double y1 = grid.ys()[ny - 1];
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      double r = marks.size() > 20 ? 4 : 7;
      for (Mark m : marks) {
        double sx = left + cellW / 2 + (m.x() - x0) / (x1 - x0) * (right - left - cellW);
        double sy = bottom - cellH / 2 - (m.y() - y0) / (y1 - y0) * (bottom - top - cellH);
        java.awt.Shape shape = m.cls() == 0
            ? new Ellipse2D.Double(sx - r, sy - r, 2 * r, 2 * r)
            : triangle(sx, sy, r * 1.2);
        g.setColor(m.cls() == 0 ? new Color(30, 90, 220) : new Color(230, 60, 40));
        g.fill(shape);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(shape);
        if (m.label() != null && !m.label().isEmpty()) {
          int tx = (int) Math.min(sx + r + 3, right - 8 * m.label().length());
          int ty = (int) Math.max(Math.min(sy - r, bottom - 4), top + 14);
          g.setColor(Color.BLACK);
          g.drawString(m.label(), tx + 1, ty + 1);
          g.setColor(Color.WHITE);
          g.drawString(m.label(), tx, ty);
        }
      }
      bounds = new Rectangle2D.Double(left, top, right - left, bottom - top);
    }

    private static Path2D triangle(double cx, double cy, double r) {
      Path2D p = new Path2D.Double();
      p.moveTo(cx, cy - r);
      p.lineTo(cx + r * 0.95, cy + r * 0.75);
      p.lineTo(cx - r * 0.95, cy + r * 0.75);
      p.closePath();
      return p;
    }
  }
}
