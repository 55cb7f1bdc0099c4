package lab.chart;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one palette and the one font set of every chart: the Okabe-Ito colours (told apart with
 * the common kinds of colour blindness) and a sans-serif family in four sizes.
 */
public final class ChartStyle {

  public static final Color BLUE = new Color(0, 114, 178);
  public static final Color ORANGE = new Color(230, 159, 0);
  public static final Color GREEN = new Color(0, 158, 115);
  public static final Color PURPLE = new Color(204, 121, 167);
  public static final Color SKY = new Color(86, 180, 233);
  public static final Color VERMILLION = new Color(213, 94, 0);
  public static final Color YELLOW = new Color(240, 228, 66);
  public static final Color INK = new Color(30, 30, 30);
  public static final Color GREY = new Color(120, 120, 120);

  /** Series colours in order: the i-th series of every chart gets PALETTE[i]. */
  public static final Color[] PALETTE = {BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, INK};

  public static final String FAMILY = Font.SANS_SERIF;
  public static final Font TITLE = new Font(FAMILY, Font.BOLD, 15);
  public static final Font AXIS_TITLE = new Font(FAMILY, Font.PLAIN, 13);
  public static final Font TICKS = new Font(FAMILY, Font.PLAIN, 12);
  public static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 12);
  public static final Font VALUE = new Font(FAMILY, Font.BOLD, 14);

  /** Pixels wanted between two labelled ticks of a numeric x axis: "12.5k" fits easily, and
   * XChart takes about half of it (a 10k-epoch axis gets a label every 2k). */
  public static final int X_TICK_SPACING = 150;

  private ChartStyle() {}

  /** Colours, fonts and background shared by every chart. */
  public static void apply(Styler s) {
    s.setSeriesColors(PALETTE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setChartFontColor(INK);
    s.setChartTitleFont(TITLE);
    s.setLegendFont(LEGEND);
    s.setLegendBorderColor(new Color(200, 200, 200));
    s.setAnnotationTextFont(TICKS);
    if (s instanceof AxesChartStyler a) {
      a.setAxisTitleFont(AXIS_TITLE);
      a.setAxisTickLabelsFont(TICKS);
      a.setAxisTickLabelsColor(INK);
    }
  }

  /** A numeric axis pair as every line and dot chart has it: compact labels, sparse x ticks. */
  public static void numericAxes(AxesChartStyler s) {
    s.setXAxisTickMarkSpacingHint(X_TICK_SPACING);
    s.setXAxisTickLabelsFormattingFunction(TickFormat::compact);
    s.setYAxisTickLabelsFormattingFunction(TickFormat::compact);
  }

  /** A colour {@code alpha} (0-255) opaque. */
  public static Color translucent(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  /** Dark ink on a light fill, white on a dark one (WCAG relative luminance). */
  public static Color textOn(Color fill) {
    return luminance(fill) > 0.3 ? INK : Color.WHITE;
  }

  static double luminance(Color c) {
    return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen())
        + 0.0722 * linear(c.getBlue());
  }

  private static double linear(int channel) {
    double v = channel / 255.0;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }
}
