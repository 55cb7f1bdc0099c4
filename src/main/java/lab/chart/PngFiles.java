package lab.chart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import lab.results.AtomicFiles;

/**
 * Chart images as PNG files: 8 bits per channel, RGB where every pixel is opaque (every chart
 * the suite draws) and RGBA otherwise, each row unfiltered, the rows compressed by zlib at level
 * {@value #LEVEL}.
 *
 * <p>Why not ImageIO: its PNG writer reads the image sample by sample and tries every row filter
 * on every row. On the suite's 800 x 600 charts it took 11-35 ms a chart, zlib at its default
 * level (6) here 6-10 ms and at level 3 4-5 ms, for files 4-25% larger than ImageIO's
 * (docs/performance.md). A sweep draws its charts at its end, so that time is the user's. The
 * picture is the same: PngFilesTest reads the files back with ImageIO and compares every pixel.
 *
 * <p>A file is written beside its place and renamed into it, so no reader and no kill sees half
 * of one (charts are redrawn from stored data, so the file is not flushed to disk).
 */
public final class PngFiles {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int RGB = 2;
  private static final int RGBA = 6;
  /** zlib's level: its fast matcher (levels 1-3), at the best ratio of the three. */
  static final int LEVEL = 3;

  private PngFiles() {}

  /** Writes {@code image} to {@code png}, replacing any earlier file whole. */
  public static void write(BufferedImage image, Path png) {
    AtomicFiles.replace(png, encode(image));
  }

  /** The PNG file of {@code image}, as bytes. */
  public static byte[] encode(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Pixels pixels = Pixels.of(image);
    boolean alpha = image.getColorModel().hasAlpha() && !pixels.opaque(w, h);
    int channels = alpha ? 4 : 3;
    ByteArrayOutputStream out = new ByteArrayOutputStream(w * h / 4 + 1024);
    out.writeBytes(SIGNATURE);
    ByteBuffer header = ByteBuffer.allocate(13);
    header.putInt(w).putInt(h).put((byte) 8).put((byte) (alpha ? RGBA : RGB))
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array(), header.position());

    Deflater deflater = new Deflater(LEVEL);
    try {
      byte[] row = new byte[1 + channels * w]; // filter byte 0 (none), then the samples
      int[] argb = new int[w];
      byte[] buf = new byte[1 << 16];
      ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 4 + 1024);
      for (int y = 0; y < h; y++) {
        pixels.row(y, argb);
        for (int x = 0, i = 1; x < w; x++) {
          int p = argb[x];
          row[i++] = (byte) (p >>> 16);
          row[i++] = (byte) (p >>> 8);
          row[i++] = (byte) p;
          if (alpha) row[i++] = (byte) (p >>> 24);
        }
        deflater.setInput(row);
        while (!deflater.needsInput()) {
          idat.write(buf, 0, deflater.deflate(buf));
        }
      }
      deflater.finish();
      while (!deflater.finished()) {
        idat.write(buf, 0, deflater.deflate(buf));
      }
      byte[] data = idat.toByteArray();
      chunk(out, "IDAT", data, data.length);
    } finally {
      deflater.end();
    }
    chunk(out, "IEND", new byte[0], 0);
    return out.toByteArray();
  }

  /** A chunk: its length, type, data and the CRC-32 of type and data. */
  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
    byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data, 0, length);
    out.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
    out.writeBytes(name);
    out.write(data, 0, length);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** An image's pixels row by row as non-premultiplied ARGB. */
  private abstract static class Pixels {
    abstract void row(int y, int[] argb);

    boolean opaque(int w, int h) {
      int[] argb = new int[w];
      for (int y = 0; y < h; y++) {
        row(y, argb);
        for (int p : argb) {
          if (p >>> 24 != 0xff) return false;
        }
      }
      return true;
    }

    static Pixels of(BufferedImage image) {
      int type = image.getType();
      boolean packed = type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB;
      if (packed && image.getRaster().getDataBuffer() instanceof DataBufferInt data
          && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
          && data.getNumBanks() == 1) {
        // The ints themselves: 0xAARRGGBB, or 0x..RRGGBB with the top byte unused.
        int[] ints = data.getData();
        int stride = model.getScanlineStride();
        // A subimage shares its parent's ints, its (0, 0) shifted by the raster's translation.
        int origin = data.getOffset() - image.getRaster().getSampleModelTranslateX()
            - image.getRaster().getSampleModelTranslateY() * stride;
        int opaque = type == BufferedImage.TYPE_INT_RGB ? 0xff000000 : 0;
        return new Pixels() {
          @Override
          void row(int y, int[] argb) {
            int from = origin + y * stride;
            for (int x = 0; x < argb.length; x++) {
              argb[x] = ints[from + x] | opaque;
            }
          }
        };
      }
      return new Pixels() { // any other layout, through the image's colour model
        @Override
        void row(int y, int[] argb) {
          image.getRGB(0, y, argb.length, 1, argb, 0, argb.length);
        }
      };
    }
  }
}
