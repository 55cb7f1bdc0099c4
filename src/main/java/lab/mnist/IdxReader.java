package lab.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.core.UserError;

/**
 * Reads IDX files (big-endian header, then unsigned bytes) into plain arrays. Call
 * {@link MnistFiles#check} first; this reader only re-checks the header it depends on.
 */
public final class IdxReader {
  private IdxReader() {}

  /** Images as one array of {@code count * 28 * 28} unsigned bytes, row after row. */
  public static byte[] images(Path file) {
    try (DataInputStream in = open(file)) {
      int count = header(in, file, IdxFile.IMAGES_MAGIC);
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows != IdxFile.ROWS || cols != IdxFile.COLS) {
        throw new UserError(file + ": images of " + rows + "x" + cols + ", expected 28x28; "
            + MnistFiles.FIX);
      }
      byte[] pixels = new byte[count * rows * cols];
      in.readFully(pixels);
      return pixels;
    } catch (java.io.EOFException e) {
      throw new UserError(file + ": truncated; " + MnistFiles.FIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Labels 0-9, one byte each. */
  public static byte[] labels(Path file) {
    try (DataInputStream in = open(file)) {
      int count = header(in, file, IdxFile.LABELS_MAGIC);
      byte[] labels = new byte[count];
      in.readFully(labels);
      for (byte b : labels) {
        if (b < 0 || b > 9) {
          throw new UserError(file + ": label " + b + " is not a digit; " + MnistFiles.FIX);
        }
      }
      return labels;
    } catch (java.io.EOFException e) {
      throw new UserError(file + ": truncated; " + MnistFiles.FIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  private static int header(DataInputStream in, Path file, int magic) throws IOException {
    int m = in.readInt();
    if (m != magic) {
      throw new UserError(file + ": bad IDX magic number " + m + ", expected " + magic + "; "
          + MnistFiles.FIX);
    }
    int count = in.readInt();
    if (count < 0) throw new UserError(file + ": negative item count; " + MnistFiles.FIX);
    return count;
  }
}
