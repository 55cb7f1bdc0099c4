package lab.chart;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Rates with their intervals (e.g. success rates k/N with a 95% interval) over categories: one
 * column per category, in it one dot per series (a sweep), side by side, each with a vertical
 * line from the interval's lower to its upper end. The y axis runs from 0 to 1. Categories are
 * labelled under the axis like {@link StripPlot}'s columns; labels too wide for a column are
 * numbered and explained in a key at the right.
 */
public final class RatePlot {
  static final int HEIGHT = 640;
  private static final int MARGINS = 110;

  /** One series: per category its rate and interval, NaN where it has none. */
  public record Series(String name, double[] rate, double[] lower, double[] upper) {}

  private RatePlot() {}

  public static void draw(Path png, String title, String xTitle, String yTitle,
      List<String> categories, List<Series> series) {
    int n = categories.size();
    int width = Math.max(StripPlot.WIDTH, Math.min(2400, 60 * n * Math.max(1, series.size())
        / 2 + MARGINS));
    XYChart chart = new XYChartBuilder().width(width).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    ChartStyle.apply(chart.getStyler());
    var s = chart.getStyler();
    s.setYAxisMin(0.0);
    s.setYAxisMax(1.0);
    s.setXAxisMin(-0.5);
    s.setXAxisMax(n - 0.5);
    int slot = (width - MARGINS) / Math.max(1, n);
    boolean keyed = CategoryLabels.widest(categories) + 10 > slot;
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < n; i++) shown.add(keyed ? Integer.toString(i + 1) : categories.get(i));
    s.setXAxisTickLabelsFormattingFunction(x -> StripPlot.label(shown, x));
    s.setXAxisTickMarkSpacingHint(Math.max(10, slot * 9 / 10));
    s.setPlotGridVerticalLinesVisible(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    int k = series.size();
    for (int j = 0; j < k; j++) {
      Series ser = series.get(j);
      // Side by side within a column: offsets spread over at most 0.4 of its width.
      double offset = k == 1 ? 0 : -0.2 + 0.4 * j / (k - 1);
      var color = Charts.PALETTE[j % Charts.PALETTE.length];
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      boolean none = true;
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(ser.rate()[i])) continue;
        xs.add(i + offset);
        ys.add(ser.rate()[i]);
        XYSeries line = chart.addSeries(ser.name() + " interval " + i,
            new double[] {i + offset, i + offset}, new double[] {ser.lower()[i], ser.upper()[i]});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
        line.setLineStyle(new BasicStroke(2f));
        line.setShowInLegend(false);
        none = false;
      }
      if (none) continue;
      XYSeries dots = chart.addSeries(ser.name(), xs, ys);
      dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      dots.setMarker(SeriesMarkers.CIRCLE);
      dots.setMarkerColor(color);
    }
    if (chart.getSeriesCollection().isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {0});
    }
    if (!keyed) {
      Charts.save(chart, png);
      return;
    }
    List<SidePanel.Entry> key = new ArrayList<>();
    for (int i = 0; i < n; i++) key.add(SidePanel.Entry.keyed(shown.get(i), categories.get(i)));
    SidePanel.save(chart, png, "points", key);
  }
}
