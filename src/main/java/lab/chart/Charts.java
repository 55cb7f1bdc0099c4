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
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
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

  /** Pale versions of the class 0 and class 1 mark colors, for the regions of a class map. */
  public static final Color[] CLASS_REGIONS = {new Color(188, 207, 247), new Color(250, 197, 186)};

  /** One line of a line chart. */
  public record Series(String name, double[] x, double[] y) {}

  /** A point drawn on a map: a filled circle for class 0, a filled triangle for class 1. */
  public record Mark(double x, double y, int cls, String label) {}

  /** Values over a regular grid: {@code z[iy][ix]} at ({@code xs[ix]}, {@code ys[iy]}). */
  public record Grid(double[] xs, double[] ys, double[][] z) {}

  private Charts() {}

  public static void line(Path png, String title, String xTitle, String yTitle, boolean logY,
      List<Series> series) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setLegendPosition(endsHigh(series)
        ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
    chart.getStyler().setLegendVisible(series.size() > 1);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    int drawn = 0;
    for (Series s : series) {
      double[][] xy = logY ? positiveOnly(s.x(), s.y()) : new double[][] {s.x(), s.y()};
      if (xy[0].length == 0) continue;
      XYSeries line = chart.addSeries(s.name(), xy[0], xy[1]);
      line.setMarker(xy[0].length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      drawn++;
    }
    if (drawn == 0) {
      chart.addSeries("no data", new double[] {0}, new double[] {1});
    }
    save(chart, png);
  }

  /**
   * Whether every series ends in the upper half of the values drawn (rising accuracy curves), so
   * the legend goes bottom right instead of over their ends.
   */
  private static boolean endsHigh(List<Series> series) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.y()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(hi > lo)) return false;
    for (Series s : series) {
      if (s.y().length == 0 || !(s.y()[s.y().length - 1] > (lo + hi) / 2)) return false;
    }
    return true;
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
    save(heatMapChart(title, xTitle, yTitle, grid, min, max, colors, marks), png);
  }

  /**
   * A map of two classes: each cell of {@code grid} holds 0 or 1 and is filled with
   * {@code classColors[0]} or {@code classColors[1]}; {@code marks} are drawn on top. There is no
   * color-scale legend, since a 0-to-1 gradient would suggest values between the classes.
   */
  public static void classMap(Path png, String title, String xTitle, String yTitle, Grid grid,
      Color[] classColors, List<Mark> marks) {
    if (classColors.length != 2) throw new IllegalArgumentException("two class colors");
    HeatMapChart chart = heatMapChart(title, xTitle, yTitle, grid, 0, 1, classColors, marks);
    chart.getStyler().setLegendVisible(false);
    save(chart, png);
  }

  private static HeatMapChart heatMapChart(String title, String xTitle, String yTitle, Grid grid,
      double min, double max, Color[] colors, List<Mark> marks) {
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT + 60)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setPlotContentSize(1.0);
    chart.getStyler().setRangeColors(colors);
    chart.getStyler().setMin(min);
    chart.getStyler().setMax(max);
    chart.getStyler().setShowValue(false);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setHeatMapValueDecimalPattern("0.00");
    // XChart labels only every k-th category, k from its spacing hint and the plot's pixel size,
    // which need not meet the values tickLabels() writes. A hint of 1 px makes k = 1, so exactly
    // the written labels show; the tick marks, one per grid cell, would then be a dense comb.
    chart.getStyler().setXAxisTickMarkSpacingHint(1);
    chart.getStyler().setYAxisTickMarkSpacingHint(1);
    chart.getStyler().setAxisTicksMarksVisible(false);
    int nx = grid.xs().length;
    int ny = grid.ys().length;
    List<Number[]> cells = new ArrayList<>(nx * ny);
    for (int iy = 0; iy < ny; iy++) {
      for (int ix = 0; ix < nx; ix++) cells.add(new Number[] {ix, iy, grid.z()[iy][ix]});
    }
    chart.addSeries(title, tickLabels(grid.xs()), tickLabels(grid.ys()), cells);
    chart.addAnnotation(new MarksAnnotation(grid, marks));
    return chart;
  }

  /**
   * Category labels for a heat map axis: about six evenly spaced values are written, the others
   * are blank (distinct runs of spaces, since XChart keys categories by their text).
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
          ? String.format("%.2f", values[i]) : " ".repeat(i));
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
