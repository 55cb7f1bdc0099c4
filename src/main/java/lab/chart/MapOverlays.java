package lab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Annotation;

/** What is drawn over a heat map whose cells fill the plot area: marks, and text per cell. */
final class MapOverlays {
  private MapOverlays() {}

  /** Class 0 a circle, class 1 a triangle, in the class colours; hollow or filled. */
  static Shape markShape(int cls, double sx, double sy, double r) {
    if (cls == 0) return new Ellipse2D.Double(sx - r, sy - r, 2 * r, 2 * r);
    double t = r * 1.2;
    Path2D p = new Path2D.Double();
    p.moveTo(sx, sy - t);
    p.lineTo(sx + t * 0.95, sy + t * 0.75);
    p.lineTo(sx - t * 0.95, sy + t * 0.75);
    p.closePath();
    return p;
  }

  static Color markColor(int cls) {
    return cls == 0 ? ChartStyle.BLUE : ChartStyle.VERMILLION;
  }

  static void paintMark(Graphics2D g, int cls, boolean filled, double sx, double sy, double r) {
    Shape shape = markShape(cls, sx, sy, r);
    if (filled) {
      g.setColor(markColor(cls));
      g.fill(shape);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1.2f));
    } else {
      g.setColor(markColor(cls));
      g.setStroke(new BasicStroke(1.8f));
    }
    g.draw(shape);
  }

  /** The colour XChart fills a heat map cell of {@code value} with (a linear gradient). */
  static Color fill(double value, double min, double max, Color[] colors) {
    double t = max > min ? (value - min) / (max - min) : 0;
    t = Math.max(0, Math.min(1, t)) * (colors.length - 1);
    int i = Math.min(colors.length - 2, (int) Math.floor(t));
    double f = t - i;
    Color a = colors[i];
    Color b = colors[i + 1];
    return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /** Marks at data coordinates of a {@link Charts.Grid}. */
  static final class Marks extends Annotation {
    private final Charts.Grid grid;
    private final List<Charts.Mark> marks;

    Marks(Charts.Grid grid, List<Charts.Mark> marks) {
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
      g.setFont(ChartStyle.VALUE);
      double r = marks.size() > 20 ? 4 : 7;
      for (Charts.Mark m : marks) {
        double sx = left + cellW / 2 + (m.x() - x0) / (x1 - x0) * (right - left - cellW);
        double sy = bottom - cellH / 2 - (m.y() - y0) / (y1 - y0) * (bottom - top - cellH);
        paintMark(g, m.cls(), m.filled(), sx, sy, r);
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
  }

  /**
   * {@code text[iy][ix]} centred in each cell (row 0 at the bottom, as XChart draws it; a text
   * with line breaks as centred lines), dark on
   * a light fill and white on a dark one; null text or a NaN value leaves a cell bare.
   */
  static final class CellText extends Annotation {
    private final double[][] z;
    private final String[][] text;
    private final double min;
    private final double max;
    private final Color[] colors;

    CellText(double[][] z, String[][] text, double min, double max, Color[] colors) {
      super(false);
      this.z = z;
      this.text = text;
      this.min = min;
      this.max = max;
      this.colors = colors;
    }

    @Override
    public void paint(Graphics2D g) {
      double left = getXAxisScreenValueForMin();
      double right = getXAxisScreenValueForMax();
      double top = getYAxisScreenValueForMin();
      double bottom = getYAxisScreenValueForMax();
      int ny = z.length;
      int nx = z[0].length;
      double cellW = (right - left) / nx;
      double cellH = (bottom - top) / ny;
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(nx > 8 ? ChartStyle.TICKS : ChartStyle.VALUE);
      FontMetrics fm = g.getFontMetrics();
      for (int iy = 0; iy < ny; iy++) {
        for (int ix = 0; ix < nx; ix++) {
          String t = text[iy][ix];
          if (t == null || Double.isNaN(z[iy][ix])) continue;
          double cx = left + (ix + 0.5) * cellW;
          double cy = bottom - (iy + 0.5) * cellH;
          g.setColor(ChartStyle.textOn(fill(z[iy][ix], min, max, colors)));
          // Several lines ("7/10" over its interval) centred together on the cell.
          String[] lines = t.split("\n");
          double lineHeight = fm.getHeight();
          double first = cy - (lines.length - 1) * lineHeight / 2.0;
          for (int l = 0; l < lines.length; l++) {
            g.drawString(lines[l], (float) (cx - fm.stringWidth(lines[l]) / 2.0),
                (float) (first + l * lineHeight + (fm.getAscent() - fm.getDescent()) / 2.0));
          }
        }
      }
      bounds = new Rectangle2D.Double(left, top, right - left, bottom - top);
    }
  }
}
