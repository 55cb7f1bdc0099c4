package lab.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The accuracy every metrics row reports. */
public final class Accuracy {
  /** Up to this many rows, a one-output accuracy is counted in Java. */
  static final long SMALL = 4096;

  private Accuracy() {}

  /** Share of rows classified right: threshold 0.5 for one output, arg-max for several. */
  public static double of(INDArray output, INDArray labels) {
    long n = output.size(0);
    if (n == 0) return Double.NaN;
    if (output.size(1) == 1 && labels.size(1) == 1 && n <= SMALL) {
      // A few rows (XOR's four points, every record_every epochs of every sweep job): the same
      // comparisons in Java instead of seven ND4J ops. A float or double above 0.5 is so in
      // either; the count of 0/1 matches is exact in a double.
      // Element by element, not toDoubleVector's copy (an ND4J op each).
      int right = 0;
      for (long i = 0; i < n; i++) {
        if ((output.getDouble(i, 0) > 0.5) == (labels.getDouble(i, 0) > 0.5)) right++;
      }
      return (double) right / n;
    }
    if (output.size(1) == 1) {
      INDArray predicted = output.gt(0.5).castTo(labels.dataType());
      INDArray truth = labels.gt(0.5).castTo(labels.dataType());
      return predicted.eq(truth).castTo(DataType.DOUBLE)
          .sumNumber().doubleValue() / n;
    }
    INDArray p = output.argMax(1);
    INDArray t = labels.argMax(1);
    return p.eq(t).castTo(DataType.DOUBLE).sumNumber().doubleValue() / n;
  }
}
