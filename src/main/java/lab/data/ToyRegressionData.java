package lab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.results.MetricsTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toy data set of Raschka et al. ch. 12 (seed note 002): x = 0, 1, ..., 9 and ten targets
 * y, with x standardized as the book does, {@code (x - np.mean(x)) / np.std(x)}. NumPy's std
 * divides by n (the population standard deviation, ddof=0), so the standardized x has mean 0
 * and a population standard deviation of exactly 1; this class does the same.
 *
 * @param x the raw inputs
 * @param xStandardized what the network sees
 * @param y the targets
 * @param mean the mean of x
 * @param std the population standard deviation of x
 */
public record ToyRegressionData(double[] x, double[] xStandardized, double[] y, double mean,
    double std) {

  public static final double[] BOOK_X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  public static final double[] BOOK_Y = {1.0, 1.3, 3.1, 2.0, 5.0, 6.3, 6.6, 7.4, 8.0, 9.0};
  public static final String CSV_HEADER = "x,x_standardized,y";

  /** The book's ten points. */
  public static ToyRegressionData book() {
    return of(BOOK_X, BOOK_Y);
  }

  public static ToyRegressionData of(double[] x, double[] y) {
    int n = x.length;
    double mean = 0;
    for (double v : x) mean += v;
    mean /= n;
    double squares = 0;
    for (double v : x) squares += (v - mean) * (v - mean);
    double std = Math.sqrt(squares / n); // np.std: divides by n, not n - 1
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) xs[i] = (x[i] - mean) / std;
    return new ToyRegressionData(x.clone(), xs, y.clone(), mean, std);
  }

  public int size() {
    return x.length;
  }

  /** Standardized inputs [n, 1] and targets [n, 1] in the network's precision. */
  public DataSet dataSet(boolean dbl) {
    DataType t = dbl ? DataType.DOUBLE : DataType.FLOAT;
    long[] shape = {size(), 1};
    return new DataSet(Nd4j.create(xStandardized, shape, DataType.DOUBLE).castTo(t),
        Nd4j.create(y, shape, DataType.DOUBLE).castTo(t));
  }

  /**
   * The least-squares line y = w x_standardized + b, where full convergence of any gradient
   * descent on the squared error would end: with x standardized, w = mean(x_std * y) and
   * b = mean(y). Returns {w, b}.
   */
  public double[] leastSquares() {
    double w = 0;
    double b = 0;
    for (int i = 0; i < size(); i++) {
      w += xStandardized[i] * y[i];
      b += y[i];
    }
    return new double[] {w / size(), b / size()};
  }

  /** data.csv of a result: x, x_standardized, y per row, in full precision. */
  public void writeCsv(Path file) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (int i = 0; i < size(); i++) {
      sb.append(x[i]).append(',').append(xStandardized[i]).append(',').append(y[i]).append('\n');
    }
    try {
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a data.csv written by {@link #writeCsv} (for charts drawn from stored files). */
  public static ToyRegressionData readCsv(Path file) {
    MetricsTable t = MetricsTable.readNumbers(file, java.util.List.of(CSV_HEADER.split(",")));
    return of(t.column("x"), t.column("y")); // x_standardized follows from x
  }
}
