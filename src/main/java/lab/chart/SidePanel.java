package lab.chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A legend drawn in a strip right of a chart, for what XChart's own legend cannot show (e.g. the
 * marks and the two class regions of a decision map, where XChart would draw a colour bar).
 */
final class SidePanel {
  private static final int ROW = 26;

  /**
   * A filled swatch of {@code color}, or a mark of class {@code cls}, or a short bold key (e.g.
   * a column number), and its text.
   */
  record Entry(Color color, int cls, boolean filled, String key, String text) {
    static Entry region(Color color, String text) {
      return new Entry(color, -1, true, null, text);
    }

    static Entry keyed(String key, String text) {
      return new Entry(null, -1, false, key, text);
    }

    static Entry mark(int cls, boolean filled, String text) {
      return new Entry(null, cls, filled, null, text);
    }
  }

  private SidePanel() {}

  static void save(Chart<?, ?> chart, Path png, String heading, List<Entry> entries) {
    BufferedImage plot = BitmapEncoder.getBufferedImage(chart);
    int width = 60 + Math.max(CategoryLabels.widest(List.of(heading)),
        CategoryLabels.widest(entries.stream().map(Entry::text).toList()));
    BufferedImage out = new BufferedImage(plot.getWidth() + width, plot.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(plot, 0, 0, null);
    int x = plot.getWidth();
    int y = plot.getHeight() / 2 - (entries.size() + 1) * ROW / 2;
    g.setColor(new Color(200, 200, 200));
    g.drawRect(x, y - 6, width - 14, (entries.size() + 1) * ROW + 6);
    g.setColor(ChartStyle.INK);
    g.setFont(ChartStyle.AXIS_TITLE.deriveFont(java.awt.Font.BOLD));
    g.drawString(heading, x + 10, y + 14);
    g.setFont(ChartStyle.LEGEND);
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      int cy = y + (i + 1) * ROW + 10;
      if (e.key() != null) {
        g.setFont(ChartStyle.LEGEND.deriveFont(java.awt.Font.BOLD));
        g.setColor(ChartStyle.INK);
        g.drawString(e.key(), x + 10, cy + 5);
        g.setFont(ChartStyle.LEGEND);
      } else if (e.cls() < 0) {
        g.setColor(e.color());
        g.fillRect(x + 10, cy - 8, 18, 16);
        g.setColor(ChartStyle.GREY);
        g.drawRect(x + 10, cy - 8, 18, 16);
      } else {
        MapOverlays.paintMark(g, e.cls(), e.filled(), x + 19, cy, 6);
      }
      g.setColor(ChartStyle.INK);
      g.drawString(e.text(), x + 36, cy + 5);
    }
    g.dispose();
    PngFiles.write(out, png);
  }
}
