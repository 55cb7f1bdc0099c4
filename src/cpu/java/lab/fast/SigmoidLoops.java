package lab.fast;

import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise steps of a sigmoid layer's backprop as Java loops over float matrices. The
 * matrices of an MNIST step are small (100x50, 100x10), and there an ND4J op's fixed cost is most
 * of its time: ND4J's sigmoid backprop takes about 40 us on 100x50, this loop about 4 us.
 *
 * <p>The numbers are DL4J's to the bit. ND4J's sigmoid backprop computes, per element,
 * {@code eps * (s * (1 - s))} in float with s the sigmoid of the pre-activation, and the layer's
 * output is that same sigmoid of that same pre-activation, computed by the forward pass with the
 * same function; so the loops take s from the output. Java float arithmetic is IEEE with no
 * fused multiply-adds, and each loop does DL4J's operations in DL4J's order.
 */
final class SigmoidLoops {
  private SigmoidLoops() {}

  /** Whether all are float matrices the loops can address directly in native memory. */
  static boolean fit(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a == null || a.dataType() != DataType.FLOAT || a.rank() != 2 || a.offset() != 0
          || !(a.data().indexer() instanceof FloatRawIndexer)) {
        return false;
      }
    }
    return true;
  }

  /** delta = eps * (s * (1 - s)): DL4J's sigmoid backprop, given the sigmoid s. */
  static void sigmoidDelta(INDArray s, INDArray eps, INDArray delta) {
    Matrix sm = new Matrix(s), em = new Matrix(eps), dm = new Matrix(delta);
    long rows = s.size(0), cols = s.size(1);
    for (long c = 0; c < cols; c++) {
      for (long r = 0; r < rows; r++) {
        float a = sm.get(r, c);
        dm.put(r, c, em.get(r, c) * (a * (1f - a)));
      }
    }
  }

  /**
   * Squared error of a sigmoid output s against labels y, as DL4J's LossL2 (divisor 1) and
   * LossMSE (divisor = number of outputs) compute it: squares = (y - s)^2, whose sum is the
   * score, and delta = ((s - y) * 2) * (s * (1 - s)) / divisor, the gradient at the
   * pre-activation. (y - s and s - y differ only in sign, so their squares are the same bits; and
   * x / 1 is x.)
   */
  static void squaredErrorDelta(INDArray s, INDArray y, float divisor, INDArray squares,
      INDArray delta) {
    Matrix sm = new Matrix(s), ym = new Matrix(y), qm = new Matrix(squares),
        dm = new Matrix(delta);
    long rows = s.size(0), cols = s.size(1);
    for (long c = 0; c < cols; c++) {
      for (long r = 0; r < rows; r++) {
        float a = sm.get(r, c);
        float d = a - ym.get(r, c);
        qm.put(r, c, d * d);
        dm.put(r, c, d * 2f * (a * (1f - a)) / divisor);
      }
    }
  }

  /** A float matrix's elements by row and column, whatever its strides. */
  private record Matrix(FloatRawIndexer memory, long rowStride, long colStride) {
    Matrix(INDArray a) {
      this((FloatRawIndexer) a.data().indexer(), a.stride(0), a.stride(1));
    }

    float get(long r, long c) {
      return memory.getRaw(r * rowStride + c * colStride);
    }

    void put(long r, long c, float v) {
      memory.putRaw(r * rowStride + c * colStride, v);
    }
  }
}
