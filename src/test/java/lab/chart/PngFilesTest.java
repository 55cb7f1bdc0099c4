package lab.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PNG files of PngFiles hold exactly the image's pixels (read back by ImageIO, every pixel
 * compared), in a well-formed file: signature, chunk CRCs, and a zlib stream of unfiltered rows.
 */
class PngFilesTest {

  @Test
  void randomOpaquePixelsReadBackExactlyAsRgb() throws Exception {
    assertRows(random(BufferedImage.TYPE_INT_RGB, 37, 23, false, 1), 2, 3);
  }

  @Test
  void translucentPixelsKeepTheirAlpha() throws Exception {
    assertRows(random(BufferedImage.TYPE_INT_ARGB, 19, 31, true, 2), 6, 4);
  }

  /**
   * The image's pixels read back exactly, in the PNG colour type given, as rows of a filter
   * byte and {@code channels} samples per pixel.
   */
  private static void assertRows(BufferedImage image, int colourType, int channels)
      throws Exception {
    byte[] png = PngFiles.encode(image);
    assertSamePixels(image, png);
    assertEquals(colourType, colourType(png), "colour type");
    assertEquals(image.getHeight() * (1 + channels * image.getWidth()), rows(png).length);
  }

  @Test
  void anOpaqueImageWithAnAlphaChannelIsWrittenAsRgb() throws Exception {
    BufferedImage image = random(BufferedImage.TYPE_INT_ARGB, 8, 5, false, 3);
    byte[] png = PngFiles.encode(image);
    assertSamePixels(image, png);
    assertEquals(2, colourType(png));
  }

  @Test
  void otherLayoutsAndSubimagesGiveTheirOwnPixels() throws Exception {
    BufferedImage bgr = random(BufferedImage.TYPE_3BYTE_BGR, 13, 11, false, 4);
    assertSamePixels(bgr, PngFiles.encode(bgr));
    BufferedImage whole = random(BufferedImage.TYPE_INT_RGB, 40, 30, false, 5);
    BufferedImage part = whole.getSubimage(7, 5, 20, 12);
    assertSamePixels(part, PngFiles.encode(part));
    BufferedImage one = random(BufferedImage.TYPE_INT_RGB, 1, 1, false, 6);
    assertSamePixels(one, PngFiles.encode(one));
  }

  @Test
  void aDrawnPictureIsTheSameAsImageIoWritesIt() throws Exception {
    BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 320, 200);
    g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING,
        java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(31, 119, 180));
    g.drawLine(10, 190, 310, 15);
    g.fillOval(100, 50, 60, 40);
    g.setColor(Color.BLACK);
    g.drawString("loss per epoch", 20, 20);
    g.dispose();
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    ImageIO.write(image, "png", theirs);
    assertArrayEquals(pixels(ImageIO.read(new ByteArrayInputStream(theirs.toByteArray()))),
        pixels(ImageIO.read(new ByteArrayInputStream(PngFiles.encode(image)))));
  }

  @Test
  void aFileIsReplacedWholeAndNothingIsLeftBeside(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chart.png");
    Files.writeString(file, "an older chart");
    BufferedImage image = random(BufferedImage.TYPE_INT_RGB, 9, 9, false, 7);
    PngFiles.write(image, file);
    assertSamePixels(image, Files.readAllBytes(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }

  private static BufferedImage random(int type, int w, int h, boolean alpha, long seed) {
    Random r = new Random(seed);
    BufferedImage image = new BufferedImage(w, h, type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int a = alpha ? r.nextInt(256) : 255;
        image.setRGB(x, y, a << 24 | r.nextInt(1 << 24));
      }
    }
    if (alpha) image.setRGB(0, 0, 0); // a fully transparent pixel too
    return image;
  }

  private static void assertSamePixels(BufferedImage image, byte[] png) throws Exception {
    checkChunks(png);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(image.getWidth(), back.getWidth());
    assertEquals(image.getHeight(), back.getHeight());
    assertArrayEquals(pixels(image), pixels(back));
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static int colourType(byte[] png) {
    return png[8 + 8 + 9]; // signature, IHDR's length and type, width, height, bit depth
  }

  /** Signature, then chunks each with a right CRC, IHDR first and IEND last. */
  private static List<String> checkChunks(byte[] png) {
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
        java.util.Arrays.copyOf(png, 8));
    ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
    List<String> types = new ArrayList<>();
    while (b.hasRemaining()) {
      int length = b.getInt();
      byte[] typeAndData = new byte[4 + length];
      b.get(typeAndData);
      CRC32 crc = new CRC32();
      crc.update(typeAndData);
      assertEquals((int) crc.getValue(), b.getInt(), "CRC");
      types.add(new String(typeAndData, 0, 4, StandardCharsets.US_ASCII));
    }
    assertEquals("IHDR", types.get(0));
    assertEquals("IEND", types.get(types.size() - 1));
    return types;
  }

  /** The IDAT data inflated; every row's filter byte is 0 (none). */
  private static byte[] rows(byte[] png) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    int width = 0;
    int channels = 0;
    while (b.hasRemaining()) {
      int length = b.getInt();
      byte[] type = new byte[4];
      b.get(type);
      byte[] data = new byte[length];
      b.get(data);
      b.getInt();
      String t = new String(type, StandardCharsets.US_ASCII);
      if (t.equals("IHDR")) {
        width = ByteBuffer.wrap(data).getInt();
        channels = data[9] == 6 ? 4 : 3;
      } else if (t.equals("IDAT")) {
        idat.write(data);
      }
    }
    Inflater inflater = new Inflater();
    inflater.setInput(idat.toByteArray());
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!inflater.finished()) {
      int n = inflater.inflate(buf);
      assertTrue(n > 0 || !inflater.needsInput(), "truncated zlib stream");
      raw.write(buf, 0, n);
    }
    inflater.end();
    byte[] all = raw.toByteArray();
    for (int i = 0; i < all.length; i += 1 + channels * width) {
      assertEquals(0, all[i], "filter byte of the row at " + i);
    }
    return all;
  }
}
