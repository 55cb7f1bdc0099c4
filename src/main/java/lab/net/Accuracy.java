package lab.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The accuracy every metrics row reports. */
public final class Accuracy {
  private Accuracy() {}

  /** Share of rows classified right: threshold 0.5 for one output, arg-max for several. */
  public static double of(INDArray output, INDArray labels) {
    long n = output.size(0);
    if (n == 0) return Double.NaN;
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
