package lab.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * C = A B for float matrices by one direct call of OpenBLAS's sgemm, the routine every ND4J matrix
 * product on this backend ends in (ND4J hands libnd4j the address of this same cblas_sgemm). ND4J's
 * way there, a custom op (op object, context, shape checks, native dispatch), costs 15-20 us per
 * product: more than the product itself for MNIST's output layer. Same routine, same operands,
 * same numbers; DirectGemmTest checks them against ND4J's, bit for bit, in every layout used.
 */
final class DirectGemm {
  private DirectGemm() {}

  /** Whether C = A B can be called directly: float matrices of matching sizes, each stored by
   * columns or by rows. */
  static boolean fits(INDArray a, INDArray b, INDArray c) {
    return isFloatMatrix(a) && isFloatMatrix(b) && isFloatMatrix(c)
        && a.size(1) == b.size(0) && c.size(0) == a.size(0) && c.size(1) == b.size(1)
        && leading(a) > 0 && leading(b) > 0 && leading(c) > 0
        && a.size(0) <= Integer.MAX_VALUE && a.size(1) <= Integer.MAX_VALUE
        && b.size(1) <= Integer.MAX_VALUE;
  }

  /**
   * C = A B: directly where it {@link #fits} (a short summed dimension by {@link SmallGemm}'s
   * loops, where they give the same bits), else by ND4J.
   */
  static void product(INDArray a, INDArray b, INDArray c) {
    if (fits(a, b, c)) {
      if (!SmallGemm.product(a, b, c, 1, false, false, false)) multiply(a, b, c);
    } else {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
  }

  /** C = A B (alpha 1, beta 0) by sgemm, whatever the sizes; callers check {@link #fits} first. */
  static void multiply(INDArray a, INDArray b, INDArray c) {
    boolean cByColumns = byColumns(c);
    int m = (int) c.size(0);
    int n = (int) c.size(1);
    int k = (int) a.size(1);
    // Seen in C's order, an operand stored the other way is a transposed one.
    int transA = byColumns(a) == cByColumns ? CblasNoTrans : CblasTrans;
    int transB = byColumns(b) == cByColumns ? CblasNoTrans : CblasTrans;
    openblas_nolapack.cblas_sgemm(cByColumns ? CblasColMajor : CblasRowMajor, transA, transB,
        m, n, k, 1f, memory(a), leading(a), memory(b), leading(b), 0f, memory(c), leading(c));
  }

  private static boolean isFloatMatrix(INDArray x) {
    return x != null && x.dataType() == DataType.FLOAT && x.rank() == 2 && !x.isEmpty();
  }

  /** Stored by columns: consecutive rows are adjacent (a single row counts too). */
  private static boolean byColumns(INDArray x) {
    return x.size(0) == 1 || x.stride(0) == 1;
  }

  /** The leading dimension BLAS wants for x in its storage order, or 0 if it has none. */
  private static int leading(INDArray x) {
    long rows = x.size(0);
    long cols = x.size(1);
    long ld;
    if (byColumns(x)) {
      // A single column (or row) may carry any stride on its other axis; BLAS only needs ld >=
      // the number of rows then.
      ld = cols == 1 ? rows : x.stride(1);
      if (ld < rows) return 0;
    } else if (cols == 1 || x.stride(1) == 1) {
      ld = rows == 1 ? cols : x.stride(0);
      if (ld < cols) return 0;
    } else {
      return 0;
    }
    return ld <= Integer.MAX_VALUE ? (int) ld : 0;
  }

  private static FloatPointer memory(INDArray x) {
    // The data buffer of a view starts at the view's first element.
    return (FloatPointer) x.data().addressPointer();
  }
}
