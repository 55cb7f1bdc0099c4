package lab.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Grids of 28x28 grayscale digit images with a caption under each, drawn as the book does
 * (matplotlib's 'Greys': ink dark on white), with plain Java2D since XChart draws no images.
 */
public final class DigitGrids {

  /** One image of {@code side * side} unsigned bytes (0 background, 255 ink) and its caption. */
  public record Tile(byte[] pixels, String caption) {}

  private static final int SCALE = 4;
  private static final int PAD = 10;
  private static final int CAPTION = 18;
  private static final int TITLE = 34;
  private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private DigitGrids() {}

  public static void draw(Path png, String title, int rows, int cols, int side, List<Tile> tiles) {
    int cell = side * SCALE;
    int caption = tiles.stream().anyMatch(t -> !t.caption().isEmpty()) ? CAPTION : 0;
    // Columns as wide as the widest caption, so "True: 5 / Predicted: 3" never overlaps.
    int colWidth = cell;
    FontMetrics captionMetrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
        .createGraphics().getFontMetrics(CAPTION_FONT);
    for (Tile t : tiles) colWidth = Math.max(colWidth, captionMetrics.stringWidth(t.caption()));
    int width = PAD + cols * (colWidth + PAD);
    int height = TITLE + rows * (cell + caption + PAD) + PAD;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    centered(g, title, width / 2, 23);
    g.setFont(CAPTION_FONT);
    for (int i = 0; i < Math.min(tiles.size(), rows * cols); i++) {
      int x0 = PAD + (i % cols) * (colWidth + PAD) + (colWidth - cell) / 2;
      int y0 = TITLE + (i / cols) * (cell + caption + PAD);
      Tile t = tiles.get(i);
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          int ink = t.pixels()[r * side + c] & 0xFF;
          g.setColor(new Color(255 - ink, 255 - ink, 255 - ink));
          g.fillRect(x0 + c * SCALE, y0 + r * SCALE, SCALE, SCALE);
        }
      }
      g.setColor(Color.LIGHT_GRAY);
      g.drawRect(x0, y0, cell - 1, cell - 1);
      if (caption > 0) {
        g.setColor(Color.BLACK);
        centered(g, t.caption(), x0 + cell / 2, y0 + cell + 14);
      }
    }
    g.dispose();
    PngFiles.write(img, png);
  }

  private static void centered(Graphics2D g, String text, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
  }
}
