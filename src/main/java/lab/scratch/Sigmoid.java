package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** a = 1 / (1 + e^-z); da/dz = a (1 - a), so backward needs only the output a. */
public final class Sigmoid implements Activation {
  private INDArray a;

  @Override
  public INDArray forward(INDArray z) {
    a = Transforms.sigmoid(z, true);
    return a;
  }

  @Override
  public INDArray backward(INDArray dLda) {
    return dLda.mul(a).muli(a.rsub(1.0));
  }

  @Override
  public String name() {
    return "sigmoid";
  }
}
