package lab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Every chart the suite draws, as PNG files, headless, in the colours and fonts of ChartStyle. */
public final class Charts {

  public static final int WIDTH = 800;
  public static final int HEIGHT = 560;

  /** Perceptually even colors from dark blue through green to yellow (viridis stops). */
  public static final Color[] VIRIDIS = {
    new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
    new Color(94, 201, 98), new Color(253, 231, 37)
  };

  /** Pale blue and pale orange regions, under the class 0 circles and class 1 triangles. */
  public static final Color[] CLASS_REGIONS = {new Color(196, 222, 240), new Color(250, 214, 184)};

  /** The series colours (ChartStyle's). */
  public static final Color[] PALETTE = ChartStyle.PALETTE;

  /** One line of a line chart. */
  public record Series(String name, double[] x, double[] y) {}

  /**
   * A point drawn on a map: a circle for class 0, a triangle for class 1; filled, or hollow (e.g.
   * a training point where the filled ones are validation points).
   */
  public record Mark(double x, double y, int cls, String label, boolean filled) {
    public Mark(double x, double y, int cls, String label) {
      this(x, y, cls, label, true);
    }
  }

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
    String title = RunTitle.of(dir, name);
    line(dir.resolve("loss.png"), title + ": loss per epoch", "epoch",
        logLoss ? "loss (log scale)" : "loss", logLoss, loss);
    if (accuracy.isEmpty()) return;
    // Accuracy curves end near 1, where a legend at the top right would cover them.
    line(dir.resolve("accuracy.png"), title + ": accuracy per epoch", "epoch", "accuracy",
        false, accuracy, null, Styler.LegendPosition.InsideSE);
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
    save(lineChart(title, xTitle, yTitle, logY, series, lineWidths, legend), png);
  }

  /**
   * One panel of {@link #panels}: a line chart; {@code legendLowRight} puts the legend at the
   * bottom right (rising curves, e.g. accuracy), else at the top right.
   */
  public record Panel(String title, String xTitle, String yTitle, boolean logY,
      List<Series> series, boolean legendLowRight) {}

  /** Line charts side by side in one PNG, e.g. the loss and the accuracy of several runs. */
  public static void panels(Path png, List<Panel> panels) {
    List<java.awt.image.BufferedImage> images = new ArrayList<>();
    for (Panel p : panels) {
      images.add(BitmapEncoder.getBufferedImage(lineChart(p.title(), p.xTitle(), p.yTitle(),
          p.logY(), p.series(), null, p.legendLowRight() ? Styler.LegendPosition.InsideSE
              : Styler.LegendPosition.InsideNE)));
    }
    int width = images.stream().mapToInt(java.awt.image.BufferedImage::getWidth).sum();
    int height = images.stream().mapToInt(java.awt.image.BufferedImage::getHeight).max()
        .orElse(1);
    java.awt.image.BufferedImage all =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int x = 0;
    for (java.awt.image.BufferedImage img : images) {
      g.drawImage(img, x, 0, null);
      x += img.getWidth();
    }
    g.dispose();
    PngFiles.write(all, png);
  }

  private static XYChart lineChart(String title, String xTitle, String yTitle, boolean logY,
      List<Series> series, float[] lineWidths, Styler.LegendPosition legend) {
    XYChart chart = xy(title, xTitle, yTitle);
    boolean log = logY && logY(chart, series.stream().map(Series::y).toList());
    chart.getStyler().setLegendPosition(legend);
    chart.getStyler().setLegendVisible(series.size() > 1);
    int drawn = 0;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      double[][] xy = log ? positiveOnly(s.x(), s.y()) : new double[][] {s.x(), s.y()};
      if (xy[0].length == 0) continue;
      XYSeries line = chart.addSeries(s.name(), xy[0], xy[1]);
      line.setMarker(xy[0].length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      if (lineWidths != null && i < lineWidths.length) {
        line.setLineStyle(new BasicStroke(lineWidths[i], BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND));
      }
      drawn++;
    }
    if (drawn == 0) {
      chart.addSeries("no data", new double[] {0}, new double[] {1});
    }
    return chart;
  }

  /** A line and dot chart in the shared style: compact tick labels, sparse x ticks. */
  static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    ChartStyle.apply(chart.getStyler());
    ChartStyle.numericAxes(chart.getStyler());
    return chart;
  }

  /** A log y axis with a labelled tick per decade, or linear when the values span less. */
  private static boolean logY(XYChart chart, List<double[]> values) {
    boolean log = LogAxis.applyY(chart.getStyler(), values);
    if (!log) chart.setYAxisTitle(LogAxis.linearTitle(chart.getYAxisTitle()));
    return log;
  }

  /** Drops points a log axis cannot show (zero, negative, NaN). */
  static double[][] positiveOnly(double[] x, double[] y) {
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
    HeatMapChart chart = gridMap(title, xTitle, yTitle, grid, min, max, colors,
        tickLabels(grid.xs()), tickLabels(grid.ys()));
    if (!marks.isEmpty()) chart.addAnnotation(new MapOverlays.Marks(grid, marks));
    save(chart, png);
  }

  /**
   * A map of two classes: each cell of {@code grid} holds 0 or 1 and is filled with
   * {@code classColors[0]} or {@code classColors[1]}; {@code marks} are drawn on top, and a
   * legend at the right names the two regions and every kind of mark drawn.
   */
  public static void classMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      Color[] classColors, List<Mark> marks, String filledMarks, String hollowMarks) {
    if (classColors.length != 2) throw new IllegalArgumentException("two class colors");
    HeatMapChart chart = gridMap(title, xTitle, yTitle, grid, 0, 1, classColors,
        tickLabels(grid.xs()), tickLabels(grid.ys()));
    chart.getStyler().setLegendVisible(false);
    if (!marks.isEmpty()) chart.addAnnotation(new MapOverlays.Marks(grid, marks));
    List<SidePanel.Entry> legend = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      legend.add(SidePanel.Entry.region(classColors[c], "predicted " + c));
    }
    for (boolean filled : new boolean[] {true, false}) {
      for (int c = 0; c < 2; c++) {
        final int cls = c;
        if (marks.stream().anyMatch(m -> m.filled() == filled && m.cls() == cls)) {
          legend.add(SidePanel.Entry.mark(cls, filled,
              (filled ? filledMarks : hollowMarks) + ", class " + cls));
        }
      }
    }
    SidePanel.save(chart, png, "legend", legend);
  }

  /**
   * A heat map of categories, e.g. a confusion matrix: every cell labelled by {@code xLabels} and
   * {@code yLabels}, and its value written in it with {@code valuePattern} (null: no values), in
   * dark or light text as its cell's fill needs.
   */
  public static void heatMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      double min, double max, Color[] colors, List<String> xLabels, List<String> yLabels,
      String valuePattern) {
    HeatMapChart chart = gridMap(title, xTitle, yTitle, grid, min, max, colors, xLabels,
        yLabels);
    if (valuePattern != null) {
      java.text.DecimalFormat f = new java.text.DecimalFormat(valuePattern);
      String[][] text = new String[grid.ys().length][grid.xs().length];
      for (int iy = 0; iy < text.length; iy++) {
        for (int ix = 0; ix < text[iy].length; ix++) text[iy][ix] = f.format(grid.z()[iy][ix]);
      }
      chart.addAnnotation(new MapOverlays.CellText(grid.z(), text, min, max, colors));
    }
    save(chart, png);
  }

  private static HeatMapChart gridMap(String title, String xTitle, String yTitle, Grid grid,
      double min, double max, Color[] colors, List<String> xLabels, List<String> yLabels) {
    HeatMapChart chart = heatMapChart(title, xTitle, yTitle, min, max, colors);
    int nx = grid.xs().length;
    int ny = grid.ys().length;
    List<Number[]> cells = new ArrayList<>(nx * ny);
    for (int iy = 0; iy < ny; iy++) {
      for (int ix = 0; ix < nx; ix++) cells.add(new Number[] {ix, iy, grid.z()[iy][ix]});
    }
    chart.addSeries(title, xLabels, yLabels, cells);
    return chart;
  }

  /**
   * A heat map over two lists of categories (e.g. the values of two swept keys), each cell
   * labelled with {@code text[iy][ix]} (e.g. "2/5") in dark or light text as its fill needs;
   * {@code z[iy][ix]} belongs to {@code xs[ix]}, {@code ys[iy]}. NaN cells (nothing measured)
   * are left blank.
   */
  public static void heatMap(Path png, String title, String xTitle, String yTitle,
      List<String> xs, List<String> ys, double[][] z, String[][] text, double min, double max,
      Color[] colors) {
    HeatMapChart chart = heatMapChart(title, xTitle, yTitle, min, max, colors);
    List<Number[]> cells = new ArrayList<>();
    for (int iy = 0; iy < ys.size(); iy++) {
      for (int ix = 0; ix < xs.size(); ix++) {
        if (!Double.isNaN(z[iy][ix])) cells.add(new Number[] {ix, iy, z[iy][ix]});
      }
    }
    chart.addSeries(title, xs, ys, cells);
    chart.addAnnotation(new MapOverlays.CellText(z, text, min, max, colors));
    save(chart, png);
  }

  private static HeatMapChart heatMapChart(String title, String xTitle, String yTitle,
      double min, double max, Color[] colors) {
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT + 60)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    ChartStyle.apply(chart.getStyler());
    chart.getStyler().setPlotContentSize(1.0);
    chart.getStyler().setRangeColors(colors);
    chart.getStyler().setMin(min);
    chart.getStyler().setMax(max);
    chart.getStyler().setShowValue(false);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setDrawBorder(true);
    // Every category gets its tick; tickLabels() leaves all but a few of them blank.
    chart.getStyler().setXAxisTickMarkSpacingHint(1);
    chart.getStyler().setYAxisTickMarkSpacingHint(1);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    return chart;
  }

  /**
   * Each {@code dots[i]} as unconnected dots and {@code lines[i]} as a line over them, in the
   * same color: e.g. every seed's final loss and their median, per optimizer.
   */
  public static void dotsAndLines(Path png, String title, String xTitle, String yTitle,
      boolean logX, boolean logY, List<Series> dots, List<Series> lines) {
    XYChart chart = xy(title, xTitle, yTitle);
    List<double[]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (Series s : dots) {
      xs.add(s.x());
      ys.add(s.y());
    }
    if (logX && !LogAxis.applyX(chart.getStyler(), xs)) {
      chart.setXAxisTitle(LogAxis.linearTitle(xTitle));
    }
    boolean log = logY && logY(chart, ys);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    int drawn = 0;
    for (int i = 0; i < dots.size(); i++) {
      Color color = PALETTE[i % PALETTE.length];
      Series d = dots.get(i);
      double[][] xy = log ? positiveOnly(d.x(), d.y()) : new double[][] {d.x(), d.y()};
      if (xy[0].length > 0) {
        XYSeries s = chart.addSeries(d.name(), xy[0], xy[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(ChartStyle.translucent(color, 130));
        drawn++;
      }
      Series m = lines.get(i);
      xy = log ? positiveOnly(m.x(), m.y()) : new double[][] {m.x(), m.y()};
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
    XYChart chart = xy(title, xTitle, yTitle);
    boolean log = logY && logY(chart, runs);
    // Below the plot: inside, it covers the curves that stay on a plateau near the start.
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    // XChart has no band between two curves; a polygon, the 75th percentile left to right and
    // the 25th back, fills exactly that area (drawn first, so the curves stay on top of it).
    double[][] hi = log ? positiveOnly(x, q75) : new double[][] {x, q75};
    double[][] lo = log ? positiveOnly(x, q25) : new double[][] {x, q25};
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
      iqr.setFillColor(ChartStyle.translucent(ChartStyle.BLUE, 70));
      iqr.setLineStyle(SeriesLines.NONE);
      iqr.setMarker(SeriesMarkers.NONE);
    }
    for (int i = 0; i < runs.size(); i++) {
      double[][] xy = log ? positiveOnly(x, runs.get(i)) : new double[][] {x, runs.get(i)};
      if (xy[0].length == 0) continue;
      XYSeries s = chart.addSeries(i == 0 ? "each seed" : "seed " + i, xy[0], xy[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(ChartStyle.translucent(ChartStyle.GREY, 110));
      s.setLineStyle(new BasicStroke(1f));
      s.setShowInLegend(i == 0);
    }
    double[][] mid = log ? positiveOnly(x, median) : new double[][] {x, median};
    if (mid[0].length > 0) {
      XYSeries s = chart.addSeries("median", mid[0], mid[1]);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(ChartStyle.BLUE);
      s.setLineStyle(new BasicStroke(3f));
    }
    if (chart.getSeriesCollection().isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {1});
    }
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
    bars(png, title, xTitle, yTitle, categories, seriesNames, values, yMax, false);
  }

  /**
   * As above; with {@code logWhenWide}, a log y axis over the bars' decades when they span ten
   * times or more ({@link LogAxis}).
   */
  public static void bars(Path png, String title, String xTitle, String yTitle,
      List<String> categories, List<String> seriesNames, List<double[]> values, Double yMax,
      boolean logWhenWide) {
    int slot = Math.max(40, 24 * seriesNames.size() + 16);
    CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, slot
        * categories.size() + 160)).height(HEIGHT + 80).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    ChartStyle.apply(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisTickLabelsFormattingFunction(TickFormat::compact);
    chart.getStyler().setXAxisLabelRotation(CategoryLabels.rotation(categories,
        (Math.max(WIDTH, slot * categories.size() + 160) - 160) / categories.size()));
    if (!(logWhenWide && LogAxis.applyY(chart.getStyler(), values))) {
      chart.getStyler().setYAxisMin(0.0);
      if (yMax != null) chart.getStyler().setYAxisMax(yMax);
    }
    if (seriesNames.size() == 1) {
      // One series: its name is the y axis title already; the value on each bar says more.
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setLabelsVisible(true);
      chart.getStyler().setLabelsPosition(0.5);
      chart.getStyler().setLabelsFont(ChartStyle.VALUE);
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

  static void save(Chart<?, ?> chart, Path png) {
    PngFiles.write(BitmapEncoder.getBufferedImage(chart), png);
  }
}
