package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;

/** a = z where z > 0, else 0.01 z (DL4J's default slope); da/dz = 1 or 0.01. */
public final class LeakyRelu implements Activation {
  static final double SLOPE = 0.01;
  private INDArray slope;

  @Override
  public INDArray forward(INDArray z) {
    // slope = 1 where z > 0, SLOPE elsewhere: a = z * slope and da/dz = slope.
    INDArray positive = z.gt(0.0).castTo(z.dataType());
    slope = positive.mul(1 - SLOPE).addi(SLOPE);
    return z.mul(slope);
  }

  @Override
  public INDArray backward(INDArray dLda) {
    return dLda.mul(slope);
  }

  @Override
  public String name() {
    return "leakyrelu";
  }
}
