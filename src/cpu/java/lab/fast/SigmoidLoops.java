package lab.fast;

import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
      if (a == null || a.rank() != 2 || a.offset() != 0 || ShortLoops.memory(a) == null) {
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
   * pre-activation; {@code delta} null for the squares alone (an evaluation's loss). (y - s and
   * s - y differ only in sign, so their squares are the same bits; and x / 1 is x.)
   */
  static void squaredErrorDelta(INDArray s, INDArray y, float divisor, INDArray squares,
      INDArray delta) {
    Matrix sm = new Matrix(s), ym = new Matrix(y), qm = new Matrix(squares),
        dm = delta == null ? null : new Matrix(delta);
    long rows = s.size(0), cols = s.size(1);
    for (long c = 0; c < cols; c++) {
      for (long r = 0; r < rows; r++) {
        float a = sm.get(r, c);
        float d = a - ym.get(r, c);
        qm.put(r, c, d * d);
        if (dm != null) dm.put(r, c, d * 2f * (a * (1f - a)) / divisor);
      }
    }
  }

  /** A loss function's score (its sum, before DL4J divides by the batch) and gradient. */
  record ScoreAndDelta(double score, INDArray delta) {}

  /**
   * Row-major float matrices of one shape, reused from one step to the next while the shape
   * stays (allocating an ND4J array costs about as much as a small op). One per layer; not for
   * use by two threads at once.
   */
  static final class Scratch {
    private final int count;
    private long[] shape;
    private INDArray[] matrices;

    Scratch(int count) {
      this.count = count;
    }

    INDArray[] matrices(long[] wanted) {
      if (matrices == null || !java.util.Arrays.equals(shape, wanted)) {
        matrices = new INDArray[count];
        for (int i = 0; i < count; i++) {
          matrices[i] = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', wanted);
        }
        shape = wanted.clone();
      }
      return matrices;
    }
  }

  /**
   * LossBinaryXENT's computeScore (not averaged) and computeGradient for a sigmoid output, from
   * one pass. DL4J applies the sigmoid to a row-major copy of the pre-activation z and clips it,
   * once for the score and again for the gradient; here ND4J computes the sigmoid and the two
   * logarithms once each, into row-major matrices, the loops below do the element-wise rest in
   * LossBinaryXENT's order, and ND4J sums the score's terms, row-major as LossBinaryXENT's are.
   * The gradient has z's layout, as DL4J's (its sigmoid backprop writes into z's copy); the
   * intermediate matrices are {@code scratch}'s (five). All arrays must {@link #fit}.
   */
  static ScoreAndDelta binaryCrossEntropy(INDArray z, INDArray y, double clip,
      LayerWorkspaceMgr workspaceMgr, Scratch scratch) {
    INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        z.shape(), z.ordering());
    return new ScoreAndDelta(binaryCrossEntropy(z, y, clip, scratch, delta), delta);
  }

  /** LossBinaryXENT's computeScore (not averaged) alone, as {@link #binaryCrossEntropy}. */
  static double binaryCrossEntropyScore(INDArray z, INDArray y, double clip, Scratch scratch) {
    return binaryCrossEntropy(z, y, clip, scratch, null);
  }

  private static double binaryCrossEntropy(INDArray z, INDArray y, double clip, Scratch scratch,
      INDArray delta) {
    INDArray[] m = scratch.matrices(z.shape());
    INDArray s = m[0];
    INDArray clipped = m[1];
    INDArray oneMinus = m[2];
    INDArray logs = m[3];
    INDArray terms = m[4];
    DirectOps.execSigmoid(z, s);
    clip(s, (float) clip, (float) (1.0 - clip), clipped, oneMinus);
    DirectOps.execLog(clipped, logs);
    DirectOps.execLog(oneMinus, oneMinus);
    binaryCrossEntropyDelta(s, clipped, logs, oneMinus, y, terms, delta);
    return -ShortLoops.sumNumber(terms);
  }

  /**
   * The first steps of DL4J's LossBinaryXENT on the sigmoid s: clipped = s clipped to [lo, hi]
   * (ND4J's clipbyvalue, whose bounds are the clip epsilon and 1 - epsilon as floats) and
   * oneMinus = 1 - clipped.
   */
  private static void clip(INDArray s, float lo, float hi, INDArray clipped, INDArray oneMinus) {
    Matrix sm = new Matrix(s), cm = new Matrix(clipped), om = new Matrix(oneMinus);
    long rows = s.size(0), cols = s.size(1);
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < cols; c++) {
        float a = sm.get(r, c);
        float o = a > hi ? hi : (a < lo ? lo : a);
        cm.put(r, c, o);
        om.put(r, c, 1f - o);
      }
    }
  }

  /**
   * The rest of LossBinaryXENT, given the sigmoid s, its clipped o, log(o) and log(1 - o), and
   * the labels y: the score's terms log(o) * y + log(1 - o) * (1 - y), whose sum is minus the
   * score, and (unless {@code delta} is null) the gradient at the pre-activation,
   * ((o - y) / (o * (1 - o))) * (s * (1 - s)): LossBinaryXENT's gradient of the loss by the
   * output, times ND4J's sigmoid backprop.
   */
  private static void binaryCrossEntropyDelta(INDArray s, INDArray o, INDArray logO,
      INDArray logOneMinusO, INDArray y, INDArray terms, INDArray delta) {
    Matrix sm = new Matrix(s), om = new Matrix(o), lm = new Matrix(logO),
        nm = new Matrix(logOneMinusO), ym = new Matrix(y), tm = new Matrix(terms),
        dm = delta == null ? null : new Matrix(delta);
    long rows = s.size(0), cols = s.size(1);
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < cols; c++) {
        float label = ym.get(r, c);
        float first = lm.get(r, c) * label;
        float second = nm.get(r, c) * (1f - label);
        tm.put(r, c, first + second);
        if (dm == null) continue;
        float out = om.get(r, c);
        float dLda = (out - label) / (out * (1f - out));
        float a = sm.get(r, c);
        dm.put(r, c, dLda * (a * (1f - a)));
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
