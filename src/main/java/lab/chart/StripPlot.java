package lab.chart;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Strip plots: one column per named sample (e.g. a sweep's grid point), every value a dot,
 * spread sideways by a fixed jitter so that equal values stay apart, and the median a short bar.
 * More than {@link #PER_PANEL} samples are split over several files of equal size, all on one
 * y range so that they read together.
 */
public final class StripPlot {
  public static final int PER_PANEL = 12;
  static final int WIDTH = 900;
  static final int HEIGHT = 640;
  /** Horizontal room the plot leaves to its axis and margins, roughly. */
  private static final int MARGINS = 110;

  /** One column: its label under the axis and its values. */
  public record Strip(String label, double[] values) {}

  private StripPlot() {}

  /**
   * Draws {@code strips} as {@code baseName}.png, or {@code baseName--1-of-3}.png and so on when
   * they need several panels; returns the files written.
   */
  public static List<Path> draw(Path dir, String baseName, String title, String xTitle,
      String yTitle, boolean logY, List<Strip> strips) {
    List<List<Strip>> panels = panels(strips, PER_PANEL);
    List<double[]> all = strips.stream().map(Strip::values).toList();
    double[] range = logY ? LogAxis.decades(all) : null;
    boolean log = range != null;
    if (!log) range = linearRange(all);
    List<Path> written = new ArrayList<>();
    for (int p = 0; p < panels.size(); p++) {
      boolean many = panels.size() > 1;
      Path png = dir.resolve(many ? ChartNames.png(baseName, (p + 1) + "-of-" + panels.size())
          : ChartNames.png(baseName));
      String t = many ? title + " (" + (p + 1) + " of " + panels.size() + ")" : title;
      int first = strips.indexOf(panels.get(p).get(0)) + 1;
      panel(png, t, xTitle, log ? yTitle : LogAxis.linearTitle(yTitle), log, range,
          panels.get(p), first);
      written.add(png);
    }
    return written;
  }

  /** {@code items} in order, in as few runs of at most {@code max} as can be, sizes within 1. */
  public static <T> List<List<T>> panels(List<T> items, int max) {
    int n = Math.max(1, (items.size() + max - 1) / max);
    List<List<T>> out = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      out.add(items.subList(p * items.size() / n, (p + 1) * items.size() / n));
    }
    return out;
  }

  /** The sideways offset of the i-th value of a column, in [-0.18, 0.18]: the same every draw. */
  static double jitter(int i) {
    double golden = (i * 0.6180339887498949) % 1.0;
    return (golden - 0.5) * 0.36;
  }

  private static void panel(Path png, String title, String xTitle, String yTitle, boolean log,
      double[] range, List<Strip> strips, int firstNumber) {
    int n = strips.size();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    ChartStyle.apply(chart.getStyler());
    var s = chart.getStyler();
    s.setYAxisLogarithmic(log);
    s.setYAxisMin(range[0]);
    s.setYAxisMax(range[1]);
    s.setYAxisTickLabelsFormattingFunction(TickFormat::compact);
    s.setXAxisMin(-0.5);
    s.setXAxisMax(n - 0.5);
    List<String> labels = strips.stream().map(Strip::label).toList();
    // A tick per column: the hint a little under the pixels per column keeps XChart at step 1.
    // Labels wider than a column are numbered, and the numbers explained in a key at the right
    // (XChart drops tick labels that do not fit, however they are turned).
    int slot = (WIDTH - MARGINS) / n;
    boolean keyed = CategoryLabels.widest(labels) + 10 > slot;
    List<String> shown = keyed ? numbers(firstNumber, n) : labels;
    s.setXAxisTickLabelsFormattingFunction(x -> label(shown, x));
    s.setXAxisTickMarkSpacingHint(Math.max(10, slot * 9 / 10));
    s.setPlotGridVerticalLinesVisible(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] v = strips.get(i).values();
      for (int j = 0; j < v.length; j++) {
        if (log && !(v[j] > 0) || !Double.isFinite(v[j])) continue;
        xs.add(i + jitter(j));
        ys.add(v[j]);
      }
    }
    if (!xs.isEmpty()) {
      XYSeries dots = chart.addSeries("each seed", xs, ys);
      dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      dots.setMarker(SeriesMarkers.CIRCLE);
      dots.setMarkerColor(ChartStyle.translucent(ChartStyle.BLUE, 140));
    }
    boolean first = true;
    for (int i = 0; i < n; i++) {
      double[] v = Arrays.stream(strips.get(i).values()).filter(Double::isFinite).toArray();
      if (v.length == 0) continue;
      double median = median(v);
      XYSeries bar = chart.addSeries(first ? "median" : "median " + i,
          new double[] {i - 0.3, i + 0.3}, new double[] {median, median});
      bar.setMarker(SeriesMarkers.NONE);
      bar.setLineColor(ChartStyle.VERMILLION);
      bar.setLineStyle(new BasicStroke(3f));
      bar.setShowInLegend(first);
      first = false;
    }
    if (chart.getSeriesCollection().isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {range[0]});
    }
    if (!keyed) {
      Charts.save(chart, png);
      return;
    }
    List<SidePanel.Entry> key = new ArrayList<>();
    for (int i = 0; i < n; i++) key.add(SidePanel.Entry.keyed(shown.get(i), labels.get(i)));
    SidePanel.save(chart, png, "grid points", key);
  }

  /** Column numbers that run on from panel to panel: 13 to 24 on the second of 12. */
  private static List<String> numbers(int first, int n) {
    List<String> out = new ArrayList<>();
    for (int i = first; i < first + n; i++) out.add(Integer.toString(i));
    return out;
  }

  /**
   * The label of column {@code x} when x is a column's position, else x itself ("-1.0", "12.0"),
   * short and unlike any column's label: XChart wants every tick label unique and short enough
   * to fit, even those of ticks beyond the axis ends, which it does not draw.
   */
  static String label(List<String> labels, double x) {
    long i = Math.round(x);
    if (Math.abs(x - i) > 1e-6 || i < 0 || i >= labels.size()) return Double.toString(x);
    return labels.get((int) i);
  }

  private static double[] linearRange(List<double[]> values) {
    double lo = values.stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).min()
        .orElse(0);
    double hi = values.stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).max()
        .orElse(1);
    double pad = Math.max((hi - lo) * 0.05, 1e-3);
    return new double[] {lo - pad, hi + pad};
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
