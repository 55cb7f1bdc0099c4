package lab.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The products of a stacked network (lab.net.StackedNetwork: K copies of one network side by
 * side, every weight matrix block-diagonal), one BLAS call per copy on that copy's blocks, so that
 * each copy's numbers come from the same call, with the same sizes, as in the copy's own network.
 * One wide product over the block-diagonal matrix is not the same: OpenBLAS picks its kernels and
 * its order of summation by the sizes of the whole product, and a copy's sums then come out
 * otherwise in the last bits (measured: different gradients from the first step on).
 *
 * <p>Each of the product's three sizes (rows of C, columns of C, the summed dimension) is either
 * split into K equal blocks or shared by all copies (the network's input, the batch). A block is
 * handed to BLAS in the storage order and with the leading dimension of the wide array, which a
 * copy's own matrix has as well (the same code makes both); only the leading dimension differs,
 * and BLAS copies its operands into packed buffers before multiplying.
 */
final class BlockGemm {
  private BlockGemm() {}

  /** How each size of C = A B is shared by the copies. */
  record Split(boolean rows, boolean cols, boolean inner) {}

  /**
   * A dense layer's weight gradient, inputT delta, into {@code weightGradient}: by copy when the
   * layer is stacked (each copy's inputs by rows unless {@code sharedInput}, its outputs by
   * columns), else one direct product. Both remembering layers backpropagate through it.
   */
  static void weightGradient(INDArray inputT, INDArray delta, INDArray weightGradient,
      int copies, boolean sharedInput) {
    if (copies > 1) {
      product(inputT, delta, weightGradient, copies, new Split(!sharedInput, true, false));
    } else {
      DirectGemm.product(inputT, delta, weightGradient);
    }
  }

  /**
   * C_k = A_k B_k for every copy k, where X_k is X's k-th block along each split size and all of
   * X along a shared one. C outside the blocks is not written. Short summed dimensions by
   * {@link SmallGemm}'s loops, where they give BLAS's bits, else one BLAS call per copy.
   */
  static void product(INDArray a, INDArray b, INDArray c, int copies, Split split) {
    if (!SmallGemm.product(a, b, c, copies, split.rows(), split.cols(), split.inner())) {
      blas(a, b, c, copies, split);
    }
  }

  /** {@link #product} by BLAS calls, whatever the sizes. */
  static void blas(INDArray a, INDArray b, INDArray c, int copies, Split split) {
    DataType type = c.dataType();
    if (a.dataType() != type || b.dataType() != type
        || (type != DataType.FLOAT && type != DataType.DOUBLE)
        || a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
      throw new IllegalStateException("stacked product of " + a.dataType() + "/" + b.dataType()
          + "/" + type + " matrices: only float or double matrices are multiplied by copy");
    }
    int m = part(c.size(0), copies, split.rows());
    int n = part(c.size(1), copies, split.cols());
    int k = part(a.size(1), copies, split.inner());
    if (a.size(0) != c.size(0) || b.size(1) != c.size(1) || b.size(0) != a.size(1)) {
      throw new IllegalStateException("stacked product of mismatched sizes");
    }
    Block ba = Block.of(a, m, k);
    Block bb = Block.of(b, k, n);
    Block bc = Block.of(c, m, n);
    int transA = ba.byColumns == bc.byColumns ? CblasNoTrans : CblasTrans;
    int transB = bb.byColumns == bc.byColumns ? CblasNoTrans : CblasTrans;
    int order = bc.byColumns ? CblasColMajor : CblasRowMajor;
    if (type == DataType.FLOAT) {
      // Own pointer objects (ND4J's may be shared), each starting where ND4J's starts.
      FloatPointer pa = new FloatPointer(a.data().addressPointer());
      FloatPointer pb = new FloatPointer(b.data().addressPointer());
      FloatPointer pc = new FloatPointer(c.data().addressPointer());
      long a0 = pa.position();
      long b0 = pb.position();
      long c0 = pc.position();
      for (int i = 0; i < copies; i++) {
        pa.position(a0 + ba.offset(a, i, split.rows(), split.inner()));
        pb.position(b0 + bb.offset(b, i, split.inner(), split.cols()));
        pc.position(c0 + bc.offset(c, i, split.rows(), split.cols()));
        openblas_nolapack.cblas_sgemm(order, transA, transB, m, n, k, 1f, pa, ba.ld, pb, bb.ld, 0f,
            pc, bc.ld);
      }
    } else {
      // Own pointer objects (ND4J's may be shared), each starting where ND4J's starts.
      DoublePointer pa = new DoublePointer(a.data().addressPointer());
      DoublePointer pb = new DoublePointer(b.data().addressPointer());
      DoublePointer pc = new DoublePointer(c.data().addressPointer());
      long a0 = pa.position();
      long b0 = pb.position();
      long c0 = pc.position();
      for (int i = 0; i < copies; i++) {
        pa.position(a0 + ba.offset(a, i, split.rows(), split.inner()));
        pb.position(b0 + bb.offset(b, i, split.inner(), split.cols()));
        pc.position(c0 + bc.offset(c, i, split.rows(), split.cols()));
        openblas_nolapack.cblas_dgemm(order, transA, transB, m, n, k, 1.0, pa, ba.ld, pb, bb.ld,
            0.0, pc, bc.ld);
      }
    }
  }

  private static int part(long size, int copies, boolean split) {
    if (!split) return Math.toIntExact(size);
    if (size % copies != 0) {
      throw new IllegalStateException("size " + size + " does not split into " + copies + " blocks");
    }
    return Math.toIntExact(size / copies);
  }

  /**
   * How BLAS sees one r x c block of a matrix: its storage order and leading dimension, decided
   * as DirectGemm decides them for a copy's own r x c matrix.
   */
  private record Block(int rows, int cols, boolean byColumns, int ld) {

    static Block of(INDArray x, int r, int c) {
      long s0 = x.stride(0);
      long s1 = x.stride(1);
      boolean byColumns = r == 1 || s0 == 1;
      long ld;
      if (byColumns) {
        ld = c == 1 ? r : s1;
        if (c > 1 && ld < r) ld = 0;
      } else if (c == 1 || s1 == 1) {
        // A copy's own single column is always seen by columns (DirectGemm): a block of one
        // column with rows apart in memory cannot be, so it would be handed to BLAS otherwise.
        if (c == 1) ld = 0;
        else ld = r == 1 ? c : s0;
        if (ld < c) ld = 0;
      } else {
        ld = 0;
      }
      if (ld <= 0 || ld > Integer.MAX_VALUE) {
        throw new IllegalStateException("a " + r + "x" + c + " block of a matrix of strides "
            + s0 + "," + s1 + " has no BLAS layout of a copy's own matrix");
      }
      return new Block(r, c, byColumns, (int) ld);
    }

    /** The element offset of copy i's block from the matrix's first element. */
    long offset(INDArray x, int i, boolean rowsSplit, boolean colsSplit) {
      return (rowsSplit ? (long) i * rows * x.stride(0) : 0)
          + (colsSplit ? (long) i * cols * x.stride(1) : 0);
    }
  }
}
