package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;

/** a = max(0, z); da/dz = 1 where z > 0, else 0 (at z = 0 exactly we take 0, as DL4J does). */
public final class Relu implements Activation {
  private INDArray positive;

  @Override
  public INDArray forward(INDArray z) {
    positive = z.gt(0.0).castTo(z.dataType()); // 1 where z > 0, else 0
    return z.mul(positive);
  }

  @Override
  public INDArray backward(INDArray dLda) {
    return dLda.mul(positive);
  }

  @Override
  public String name() {
    return "relu";
  }
}
