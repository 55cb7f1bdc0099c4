package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** a = tanh(z); da/dz = 1 - a^2. */
public final class Tanh implements Activation {
  private INDArray a;

  @Override
  public INDArray forward(INDArray z) {
    a = Transforms.tanh(z, true);
    return a;
  }

  @Override
  public INDArray backward(INDArray dLda) {
    return dLda.mul(a.mul(a).rsubi(1.0));
  }

  @Override
  public String name() {
    return "tanh";
  }
}
