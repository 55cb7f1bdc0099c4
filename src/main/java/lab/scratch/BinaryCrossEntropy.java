package lab.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * L = -(1/n) sum_samples sum_outputs [y log p + (1 - y) log(1 - p)], with p the output clipped to
 * [clip, 1 - clip] so log never sees 0. The project builds DL4J's LossBinaryXENT with clip 1e-7
 * (see NetworkFactory), and this class clips exactly where DL4J does: in the loss and in dL/da,
 * while the sigmoid below it uses the unclipped output.
 */
public final class BinaryCrossEntropy implements Loss {
  /** NetworkFactory's BCE_CLIP; repeated here because that constant is package-private. */
  public static final double DL4J_CLIP = 1e-7;

  private final double clip;
  private INDArray p;
  private INDArray y;

  public BinaryCrossEntropy(double clip) {
    this.clip = clip;
  }

  @Override
  public double forward(INDArray a, INDArray y) {
    this.y = y;
    p = Transforms.max(Transforms.min(a, 1 - clip, true), clip, false);
    INDArray perElement = Transforms.log(p, true).muli(y)
        .addi(Transforms.log(p.rsub(1.0), false).muli(y.rsub(1.0)));
    return -perElement.sumNumber().doubleValue() / a.size(0);
  }

  /** dL/dp = (1/n) [-y/p + (1-y)/(1-p)] = (1/n) (p - y) / (p (1 - p)). */
  @Override
  public INDArray backward() {
    INDArray pq = p.mul(p.rsub(1.0));
    return p.sub(y).divi(pq).divi(p.size(0));
  }

  @Override
  public String name() {
    return "bce";
  }
}
