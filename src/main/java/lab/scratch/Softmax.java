package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * a[k] = e^z[k] / sum_j e^z[j], row by row. Unlike the element-wise activations every output
 * depends on every input of its row: da[k]/dz[j] = a[k] (1{k=j} - a[j]).
 */
public final class Softmax implements Activation {
  private INDArray a;

  @Override
  public INDArray forward(INDArray z) {
    // Subtracting the row's maximum changes nothing mathematically and keeps e^z finite.
    INDArray e = Transforms.exp(z.subColumnVector(z.max(true, 1)), false);
    a = e.divColumnVector(e.sum(true, 1));
    return a;
  }

  /**
   * dL/dz[j] = sum_k dL/da[k] a[k] (1{k=j} - a[j]) = a[j] (dL/da[j] - sum_k dL/da[k] a[k]).
   */
  @Override
  public INDArray backward(INDArray dLda) {
    INDArray weighted = dLda.mul(a).sum(true, 1); // sum_k dL/da[k] a[k], one per row
    return dLda.subColumnVector(weighted).muli(a);
  }

  @Override
  public String name() {
    return "softmax";
  }
}
