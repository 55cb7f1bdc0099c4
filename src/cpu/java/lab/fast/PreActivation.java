package lab.fast;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer's pre-activation x W + b, computed straight into a column-major matrix. DL4J asks
 * for a row-major one, and ND4J's matrix product, which writes column-major, multiplies into a
 * temporary and copies it over: one op and one matrix more per layer and step. The product and
 * the bias sum give the same numbers in either layout. The product is {@link DirectGemm}'s; a
 * small matrix gets its bias from {@link ShortLoops}.
 */
final class PreActivation {
  private PreActivation() {}

  /** Whether x W can be computed here: a matrix with one column per row of W. */
  static boolean fits(INDArray input, INDArray w) {
    return input.rank() == 2 && input.columns() == w.rows();
  }

  /**
   * A layer's pre-activation of {@code input} outside training: the input cast to the layer's
   * type, then {@link #columnMajor}; null if the input does not fit W.
   */
  static INDArray ofInput(INDArray input, DataType type, INDArray w, INDArray b,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray x = input.castTo(type);
    return fits(x, w) ? columnMajor(x, w, b, workspaceMgr) : null;
  }

  /** x W + b in the activation memory; b may be null (no bias). */
  static INDArray columnMajor(INDArray input, INDArray w, INDArray b,
      LayerWorkspaceMgr workspaceMgr) {
    return columnMajor(input, w, b, workspaceMgr, 1, false);
  }

  /**
   * The same for a layer of a stacked network of {@code copies} copies: each copy's product by
   * {@link BlockGemm} on its own blocks; {@code sharedInput} for the first layer, whose input
   * (the features) every copy reads whole.
   */
  static INDArray columnMajor(INDArray input, INDArray w, INDArray b,
      LayerWorkspaceMgr workspaceMgr, int copies, boolean sharedInput) {
    INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
        new long[] {input.size(0), w.size(1)}, 'f');
    if (copies > 1) {
      BlockGemm.product(input.castTo(z.dataType()), w, z, copies,
          new BlockGemm.Split(false, true, !sharedInput));
    } else {
      DirectGemm.product(input.castTo(z.dataType()), w, z);
    }
    if (b != null && !ShortLoops.addRowVector(z, b)) z.addiRowVector(b);
    return z;
  }
}
