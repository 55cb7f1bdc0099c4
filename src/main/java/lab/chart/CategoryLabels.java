package lab.chart;

import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.List;

/** How far to turn category labels so that neighbours never overlap. */
final class CategoryLabels {
  private CategoryLabels() {}

  /** Pixels the widest of {@code labels} takes in the tick font. */
  static int widest(List<String> labels) {
    FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
        .getFontMetrics(ChartStyle.TICKS);
    return labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
  }

  /** 0 when every label fits its slot of {@code slotPixels}, else 45 or 90 degrees. */
  static int rotation(List<String> labels, int slotPixels) {
    int w = widest(labels);
    if (w + 8 <= slotPixels) return 0;
    // Turned by 45 degrees, neighbours are slot / sqrt(2) apart across their text lines.
    return slotPixels / Math.sqrt(2) >= 20 ? 45 : 90;
  }
}
