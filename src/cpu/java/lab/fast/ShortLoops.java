package lab.fast;

import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's bias added to its pre-activation, the bias gradient's sums over the batch and a
 * loss's sum, as Java loops over float arrays short enough that an ND4J op's fixed cost (about
 * 10 us) is most of its time: a stacked XOR step's matrices hold 80-160 numbers, an MNIST step's
 * 1,000-5,000. Each method returns false, or null, for arrays it does not take, and the caller
 * then asks ND4J.
 *
 * <p>The numbers are ND4J's to the bit. A bias sum is one float addition per element, in either
 * order the same. ND4J's float sums of up to {@value #MAX_TERMS} terms (a whole array, or each
 * column of a matrix) start from 0 and add the terms one by one, first to last in memory, on one
 * OpenMP thread or several; longer runs it may split between threads (measured: a column of 3,000
 * rows on two threads). The loops here do the same, and only up to that length.
 * ShortLoopsTest compares them with ND4J.
 */
final class ShortLoops {
  private ShortLoops() {}

  /** The most terms of one sum computed here. */
  static final int MAX_TERMS = 1024;

  /** The most elements of a matrix whose bias is added here (MNIST's largest step matrix). */
  static final int MAX_ADDED = 1 << 16;

  /** z += b along every row (DL4J's addiRowVector): false, changing nothing, if not taken. */
  static boolean addRowVector(INDArray z, INDArray b) {
    FloatRawIndexer zm = memory(z);
    FloatRawIndexer bm = memory(b);
    if (zm == null || bm == null || z.rank() != 2 || z.length() > MAX_ADDED
        || !isVector(b, z.size(1))) {
      return false;
    }
    long rows = z.size(0);
    long cols = z.size(1);
    long rs = z.stride(0);
    long cs = z.stride(1);
    long bs = step(b);
    for (long c = 0; c < cols; c++) {
      float bias = bm.getRaw(c * bs);
      for (long r = 0; r < rows; r++) {
        long i = r * rs + c * cs;
        zm.putRaw(i, zm.getRaw(i) + bias);
      }
    }
    return true;
  }

  /**
   * out[c] = x[0][c] + x[1][c] + ... (ND4J's sum over dimension 0), into a vector of x's columns:
   * false, changing nothing, if not taken.
   */
  static boolean columnSums(INDArray x, INDArray out) {
    FloatRawIndexer xm = memory(x);
    FloatRawIndexer om = memory(out);
    if (xm == null || om == null || x.rank() != 2 || x.size(0) > MAX_TERMS
        || !isVector(out, x.size(1))) {
      return false;
    }
    long rows = x.size(0);
    long cols = x.size(1);
    long rs = x.stride(0);
    long cs = x.stride(1);
    long os = step(out);
    for (long c = 0; c < cols; c++) {
      float sum = 0f;
      for (long r = 0; r < rows; r++) {
        sum += xm.getRaw(r * rs + c * cs);
      }
      om.putRaw(c * os, sum);
    }
    return true;
  }

  /**
   * The sum of all of x's elements, as ND4J's sumNumber gives it for a dense array (in memory
   * order), or null if not taken.
   */
  static Double sum(INDArray x) {
    FloatRawIndexer xm = memory(x);
    if (xm == null || x.length() > MAX_TERMS || x.elementWiseStride() != 1) return null;
    long n = x.length();
    float sum = 0f;
    for (long i = 0; i < n; i++) {
      sum += xm.getRaw(i);
    }
    return (double) sum;
  }

  /** The most parameters updated here (an XOR stack of 20 holds 4,220, MNIST's net 39,760). */
  static final int MAX_UPDATED = 1 << 14;

  /**
   * x = x op y element by element, for a dense float vector or matrix x of at most
   * {@value #MAX_UPDATED} elements: false, changing nothing, if not taken. The same elements of
   * ND4J's scalar and pairwise ops: one float division, product or difference per element.
   */
  static boolean divide(INDArray x, float y) {
    FloatRawIndexer xm = updatable(x);
    if (xm == null) return false;
    boolean skipZeros = y > 0; // 0 / y and -0 / y are themselves then
    for (long i = 0, n = x.length(); i < n; i++) {
      float v = xm.getRaw(i);
      if (v == 0 && skipZeros) continue;
      xm.putRaw(i, v / y);
    }
    return true;
  }

  /** x = x * y, as {@link #divide}. */
  static boolean multiply(INDArray x, float y) {
    FloatRawIndexer xm = updatable(x);
    if (xm == null) return false;
    // 0 * y and -0 * y are themselves for a finite y of positive sign (not for -0: 0 * -0 = -0).
    boolean skipZeros = Float.isFinite(y) && Float.floatToRawIntBits(y) >= 0;
    for (long i = 0, n = x.length(); i < n; i++) {
      float v = xm.getRaw(i);
      if (v == 0 && skipZeros) continue;
      xm.putRaw(i, v * y);
    }
    return true;
  }

  /** x = x - y for arrays of one shape and one storage order, as {@link #divide}. */
  static boolean subtract(INDArray x, INDArray y) {
    FloatRawIndexer xm = updatable(x);
    FloatRawIndexer ym = updatable(y);
    if (xm == null || ym == null || !x.equalShapes(y) || x.ordering() != y.ordering()) {
      return false;
    }
    for (long i = 0, n = x.length(); i < n; i++) {
      float d = ym.getRaw(i);
      // x - (+0) is x, -0 included (-0 - +0 = -0); x - (-0) is not (-0 + 0 = +0).
      if (Float.floatToRawIntBits(d) == 0) continue;
      xm.putRaw(i, xm.getRaw(i) - d);
    }
    return true;
  }

  /**
   * Adam's update of the gradient g in place, with its state m and v (see FastUpdate.JavaAdam
   * for the arithmetic): false, changing nothing, if the arrays are not three dense float
   * vectors of one length and order.
   */
  static boolean adam(INDArray g, INDArray m, INDArray v, float lr, float beta1, float beta2,
      float epsilon, int iteration) {
    FloatRawIndexer gm = updatable(g);
    FloatRawIndexer mm = updatable(m);
    FloatRawIndexer vm = updatable(v);
    if (gm == null || mm == null || vm == null || m.length() != g.length()
        || v.length() != g.length() || m.ordering() != g.ordering()
        || v.ordering() != g.ordering()) {
      return false;
    }
    float beta1T = Powers.pow(beta1, iteration + 1);
    float beta2T = Powers.pow(beta2, iteration + 1);
    float step = (float) ((double) (lr * (float) Math.sqrt((float) (1.0 - beta2T)))
        / (1.0 - beta1T));
    if (Float.isNaN(step) || step == 0 || Float.isInfinite(step)) step = epsilon;
    float keep1 = 1 - beta1;
    float keep2 = 1 - beta2;
    boolean skipZeros = beta1 >= 0 && beta2 >= 0 && keep1 >= 0 && keep2 >= 0 && step > 0
        && !Float.isInfinite(step) && epsilon > 0 && !Float.isInfinite(epsilon);
    for (long i = 0, n = g.length(); i < n; i++) {
      float grad = gm.getRaw(i);
      float m0 = mm.getRaw(i);
      float v0 = vm.getRaw(i);
      // A parameter with gradient, m and v all +0 (a stacked network's weights between copies)
      // gets m = +0, v = +0 and update +0 / (0 + epsilon) = +0: what it holds already.
      if (skipZeros && Float.floatToRawIntBits(grad) == 0 && Float.floatToRawIntBits(m0) == 0
          && Float.floatToRawIntBits(v0) == 0) {
        continue;
      }
      float m1 = beta1 * m0 + grad * keep1;
      float v1 = beta2 * v0 + grad * grad * keep2;
      mm.putRaw(i, m1);
      vm.putRaw(i, v1);
      gm.putRaw(i, (m1 * step) / ((float) Math.sqrt(v1) + epsilon));
    }
    return true;
  }

  private static FloatRawIndexer updatable(INDArray x) {
    FloatRawIndexer m = memory(x);
    return m != null && x.length() <= MAX_UPDATED && x.elementWiseStride() == 1 ? m : null;
  }

  /** ND4J's sumNumber of x as a double: by {@link #sum} where it takes x, else by ND4J. */
  static double sumNumber(INDArray x) {
    Double sum = sum(x);
    return sum != null ? sum : x.sumNumber().doubleValue();
  }

  /**
   * x's float memory from its first element, or null. A view's data buffer starts at the view
   * (ND4J wraps the shared memory from the view's offset on), which its offset then equals.
   */
  static FloatRawIndexer memory(INDArray x) {
    if (x == null || x.dataType() != DataType.FLOAT || x.isEmpty()
        || x.data().offset() != x.offset()) {
      return null;
    }
    return x.data().indexer() instanceof FloatRawIndexer f ? f : null;
  }

  /** Whether v is a vector of n elements ([n] or [1, n]). */
  private static boolean isVector(INDArray v, long n) {
    return v.length() == n && (v.rank() == 1 || v.rank() == 2 && v.size(0) == 1);
  }

  /** The distance in memory between a vector's consecutive elements. */
  private static long step(INDArray v) {
    return v.rank() == 1 ? v.stride(0) : v.stride(1);
  }
}
