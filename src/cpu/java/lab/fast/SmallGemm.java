package lab.fast;

import java.util.Random;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float products whose summed dimension is at most {@value #MAX_INNER} long, as Java loops: for
 * XOR's networks a call of OpenBLAS's sgemm costs more than its few multiply-adds, and a stacked
 * step made 220 of them (one per copy, see {@link BlockGemm}).
 *
 * <p>The bits are OpenBLAS's where its kernels sum such products as the loop here does: every
 * element of C from 0 by fused multiply-adds along the summed dimension in order, then added to
 * C's zeroed value. That is what the kernels OpenBLAS picks on this machine (Haswell's) do for
 * up to 7 terms (measured: no difference in 2.4 million elements of random products of every
 * storage order for each length 1-7; at 8 the kernels sum otherwise). Whether it holds on the
 * machine at hand (OpenBLAS picks its kernels by CPU) is checked once per process against
 * cblas_sgemm ({@link #inEffect}); if not, every product goes to BLAS as before.
 */
final class SmallGemm {
  private SmallGemm() {}

  /** The longest summed dimension computed here. */
  static final int MAX_INNER = 7;

  /** The most multiply-adds of one product computed here (beyond, BLAS's vector code wins). */
  static final int MAX_WORK = 1 << 16;

  /** Whether the loops give OpenBLAS's bits on this machine (checked once). */
  static boolean inEffect() {
    return Check.AGREES;
  }

  /**
   * C_i = A_i B_i for each copy i, where X_i is X's i-th of {@code copies} equal blocks along each
   * size marked split (rows: of A and C; cols: of B and C; inner: A's columns and B's rows) and
   * all of X along the others. False, changing nothing, when not taken: other types, a summed
   * dimension over {@link #MAX_INNER}, too much work, memory the loops cannot address, or
   * {@link #inEffect} false.
   */
  static boolean product(INDArray a, INDArray b, INDArray c, int copies, boolean rows,
      boolean cols, boolean inner) {
    if (!inEffect()) return false;
    return multiply(a, b, c, copies, rows, cols, inner);
  }

  private static boolean multiply(INDArray a, INDArray b, INDArray c, int copies, boolean rows,
      boolean cols, boolean inner) {
    if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.dataType() != DataType.FLOAT
        || b.dataType() != DataType.FLOAT || c.dataType() != DataType.FLOAT) {
      return false;
    }
    long m = c.size(0) / (rows ? copies : 1);
    long n = c.size(1) / (cols ? copies : 1);
    long k = a.size(1) / (inner ? copies : 1);
    if (k < 1 || k > MAX_INNER || m * n * k * copies > MAX_WORK || a.size(0) != c.size(0)
        || b.size(1) != c.size(1) || b.size(0) != a.size(1)) {
      return false;
    }
    FloatRawIndexer am = ShortLoops.memory(a);
    FloatRawIndexer bm = ShortLoops.memory(b);
    FloatRawIndexer cm = ShortLoops.memory(c);
    if (am == null || bm == null || cm == null) return false;
    long ar = a.stride(0);
    long ac = a.stride(1);
    long br = b.stride(0);
    long bc = b.stride(1);
    long cr = c.stride(0);
    long cc = c.stride(1);
    for (int i = 0; i < copies; i++) {
      long row0 = rows ? i * m : 0;
      long col0 = cols ? i * n : 0;
      long in0 = inner ? i * k : 0;
      for (long r = 0; r < m; r++) {
        long aRow = (row0 + r) * ar + in0 * ac;
        for (long j = 0; j < n; j++) {
          long bCol = in0 * br + (col0 + j) * bc;
          float sum = 0f;
          for (long q = 0; q < k; q++) {
            sum = Math.fma(am.getRaw(aRow + q * ac), bm.getRaw(bCol + q * br), sum);
          }
          // The kernel adds its sum to C, zeroed first (beta 0): -0 comes out as +0.
          cm.putRaw((row0 + r) * cr + (col0 + j) * cc, sum + 0f);
        }
      }
    }
    return true;
  }

  /** The check, run when first asked: random products of every order against cblas_sgemm. */
  private static final class Check {
    static final boolean AGREES = agrees();

    private static boolean agrees() {
      Random random = new Random(20261201);
      char[] orders = {'c', 'f'};
      for (int t = 0; t < 240; t++) {
        int m = 1 + random.nextInt(6);
        int n = 1 + random.nextInt(6);
        int k = 1 + t % MAX_INNER;
        INDArray a = filled(m, k, orders[t % 2], random);
        INDArray b = filled(k, n, orders[(t / 2) % 2], random);
        char order = orders[(t / 4) % 2];
        INDArray blas = Nd4j.create(DataType.FLOAT, new long[] {m, n}, order);
        INDArray loop = Nd4j.create(DataType.FLOAT, new long[] {m, n}, order);
        DirectGemm.multiply(a, b, blas);
        if (!multiply(a, b, loop, 1, false, false, false)) return false;
        if (!DirectOps.sameBits(blas, loop)) return false;
      }
      return true;
    }

    /** A rows x cols matrix stored in {@code order}, its elements drawn row by row. */
    private static INDArray filled(int rows, int cols, char order, Random random) {
      float[] values = new float[rows * cols];
      for (int i = 0; i < values.length; i++) {
        double spread = Math.exp(2 * random.nextGaussian());
        values[i] = random.nextInt(9) == 0 ? 0f : (float) (random.nextGaussian() * spread);
      }
      return DirectOps.matrix(rows, cols, order, values);
    }
  }
}
