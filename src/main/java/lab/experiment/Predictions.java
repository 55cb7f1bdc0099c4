package lab.experiment;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import lab.core.UserError;
import lab.mnist.IdxFile;
import lab.mnist.MnistData;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A saved model's predictions for the user's inputs: XOR and noisy XOR read CSV rows of
 * {@code x0,x1}; MNIST reads an IDX image file or PNG images of 28x28 8-bit grayscale, scaled as
 * in training. Every input is checked before anything is predicted; a bad one is a
 * {@link UserError} naming the file, the line or image, and the reason.
 */
public final class Predictions {

  /** The inputs, one row each, and what each row is called in the output (line, index, file). */
  public record Input(List<String> ids, double[][] rows) {}

  private Predictions() {}

  /** The inputs for a run of {@code experiment} from {@code files}. */
  public static Input read(String experiment, List<Path> files) {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) throw new UserError(f + ": no such file");
    }
    switch (experiment) {
      case "xor", "noisy-xor" -> {
        if (files.size() != 1) throw new UserError("--input: give one CSV file of x0,x1 rows");
        return points(files.get(0));
      }
      case "mnist" -> {
        return images(files);
      }
      default -> throw new UserError("predict: a " + experiment + " run is not a classifier;"
          + " allowed: xor, noisy-xor and mnist runs");
    }
  }

  /** Rows of two numbers; a first line of two non-numbers is a header; blank lines are skipped. */
  static Input points(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw UserError.unreadable(file, e, "");
    }
    List<String> ids = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    boolean headerSeen = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      // A byte-order mark (spreadsheets write one) is not part of the first cell.
      if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
      if (line.isEmpty()) continue;
      String[] cells = line.split(",", -1);
      for (int c = 0; c < cells.length; c++) cells[c] = unquoted(cells[c].strip());
      String where = file + ":" + (i + 1) + ": ";
      if (cells.length != 2) {
        throw new UserError(where + cells.length + " columns, expected 2 (x0,x1)");
      }
      boolean first = rows.isEmpty() && !headerSeen;
      if (first && !parses(cells[0]) && !parses(cells[1])) {
        headerSeen = true;
        continue;
      }
      headerSeen = true;
      double[] row = new double[2];
      for (int c = 0; c < 2; c++) {
        String cell = cells[c].strip();
        if (!isNumber(cell)) {
          throw new UserError(where + "'" + cell + "' is not allowed; allowed: a finite number of"
              + " magnitude at most " + Float.MAX_VALUE + " (float)");
        }
        row[c] = Double.parseDouble(cell);
      }
      ids.add("line " + (i + 1));
      rows.add(row);
    }
    if (rows.isEmpty()) throw new UserError(file + ": no rows; expected rows of x0,x1");
    return new Input(ids, rows.toArray(new double[0][]));
  }

  /** A cell without the double quotes a CSV writer may put around it ("0.5" is 0.5). */
  private static String unquoted(String cell) {
    return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")
        ? cell.substring(1, cell.length() - 1).strip() : cell;
  }

  /** Whether a cell is any number Java reads (a header's cells are not). */
  private static boolean parses(String cell) {
    try {
      Double.parseDouble(cell.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isNumber(String cell) {
    try {
      double v = Double.parseDouble(cell.strip());
      return Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** One IDX image file, or PNG files, each checked for 28x28 8-bit grayscale. */
  static Input images(List<Path> files) {
    List<String> ids = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (Path f : files) {
      if (isIdx(f)) {
        byte[] pixels = idxImages(f);
        for (int i = 0; i < pixels.length / MnistData.PIXELS; i++) {
          ids.add(f.getFileName() + "#" + i);
          rows.add(scaled(pixels, i * MnistData.PIXELS));
        }
      } else {
        ids.add(f.getFileName().toString());
        rows.add(png(f));
      }
    }
    return new Input(ids, rows.toArray(new double[0][]));
  }

  private static boolean isIdx(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 0 && head[1] == 0 && head[2] == 8;
    } catch (IOException e) {
      throw new UserError(f + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static byte[] idxImages(Path f) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
      long size = Files.size(f);
      if (size < 16) throw new UserError(f + ": IDX header cut short (" + size + " bytes)");
      int magic = in.readInt();
      if (magic != IdxFile.IMAGES_MAGIC) {
        throw new UserError(f + ": IDX magic number " + magic + ", expected "
            + IdxFile.IMAGES_MAGIC + " (unsigned-byte images)");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows != IdxFile.ROWS || cols != IdxFile.COLS) {
        throw new UserError(f + ": images of " + rows + "x" + cols + ", expected 28x28");
      }
      if (count < 1) {
        throw new UserError(f + ": the IDX header counts " + count + " images; allowed: 1 or"
            + " more");
      }
      if (size != IdxFile.imagesSize(count)) {
        throw new UserError(f + ": " + size + " bytes for " + count + " images; expected "
            + IdxFile.imagesSize(Math.max(count, 0)));
      }
      byte[] pixels = new byte[count * MnistData.PIXELS];
      in.readFully(pixels);
      return pixels;
    } catch (IOException e) {
      throw new UserError(f + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static double[] png(Path f) {
    BufferedImage img;
    try {
      img = ImageIO.read(f.toFile());
    } catch (IOException e) {
      throw new UserError(f + ": not a readable image (" + e.getMessage() + ")");
    }
    if (img == null) throw new UserError(f + ": neither a PNG image nor an IDX image file");
    if (img.getWidth() != IdxFile.COLS || img.getHeight() != IdxFile.ROWS) {
      throw new UserError(f + ": image of " + img.getWidth() + "x" + img.getHeight()
          + ", expected 28x28");
    }
    if (img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      throw new UserError(f + ": not 8-bit grayscale (" + img.getColorModel().getNumComponents()
          + " components of " + img.getColorModel().getPixelSize() + " bits); expected 28x28"
          + " 8-bit grayscale as MNIST");
    }
    byte[] pixels = new byte[MnistData.PIXELS];
    for (int y = 0; y < IdxFile.ROWS; y++) {
      for (int x = 0; x < IdxFile.COLS; x++) {
        pixels[y * IdxFile.COLS + x] = (byte) img.getRaster().getSample(x, y, 0);
      }
    }
    return scaled(pixels, 0);
  }

  private static double[] scaled(byte[] pixels, int from) {
    double[] row = new double[MnistData.PIXELS];
    for (int p = 0; p < MnistData.PIXELS; p++) row[p] = MnistData.scale(pixels[from + p]);
    return row;
  }

  /**
   * The CSV of predictions: {@code input,output,predicted_class} for one sigmoid output (class 1
   * when the output is above 0.5), {@code input,p0,...,p9,predicted_class} for several (the most
   * probable class).
   */
  public static String csv(MultiLayerNetwork net, Input input, String source) {
    DataType dtype = net.params().dataType();
    INDArray x = Nd4j.create(input.rows()).castTo(dtype);
    double[][] out = net.output(x, false).castTo(DataType.DOUBLE).toDoubleMatrix();
    for (int r = 0; r < out.length; r++) {
      for (double v : out[r]) {
        if (!Double.isFinite(v)) {
          throw new UserError(source + ", " + input.ids().get(r) + ": the model's output is " + v
              + " (the inputs overflow the network, or the model holds numbers that are not"
              + " finite); allowed: inputs of smaller magnitude");
        }
      }
    }
    StringBuilder sb = new StringBuilder("input");
    int n = out[0].length;
    if (n == 1) {
      sb.append(",output");
    } else {
      for (int c = 0; c < n; c++) sb.append(",p").append(c);
    }
    sb.append(",predicted_class\n");
    for (int r = 0; r < out.length; r++) {
      sb.append(input.ids().get(r));
      int best = 0;
      for (int c = 0; c < n; c++) {
        sb.append(',').append(out[r][c]);
        if (out[r][c] > out[r][best]) best = c;
      }
      sb.append(',').append(n == 1 ? (out[r][0] > 0.5 ? 1 : 0) : best).append('\n');
    }
    return sb.toString();
  }
}
