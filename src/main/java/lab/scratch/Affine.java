package lab.scratch;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * z = x W + b, for a minibatch x of shape [n, nIn]: W is [nIn, nOut] and b is [1, nOut], DL4J's
 * orientation (PyTorch's nn.Linear stores the transpose of W).
 */
public final class Affine {
  public final Parameter w;
  public final Parameter b;
  private INDArray x;

  public Affine(INDArray w, INDArray b) {
    this.w = new Parameter("W", w);
    this.b = new Parameter("b", b);
  }

  public INDArray forward(INDArray x) {
    this.x = x; // backward needs the input: dz/dW = x
    return x.mmul(w.value).addRowVector(b.value);
  }

  /**
   * Takes dL/dz [n, nOut], stores dL/dW and dL/db, returns dL/dx [n, nIn].
   *
   * <p>z[n][o] = sum_i x[n][i] W[i][o] + b[o], so by the chain rule, summing over the samples n
   * (each sample's loss term depends on W):
   * dL/dW[i][o] = sum_n x[n][i] dL/dz[n][o], that is x^T dz;
   * dL/db[o] = sum_n dL/dz[n][o];
   * dL/dx[n][i] = sum_o dL/dz[n][o] W[i][o], that is dz W^T.
   */
  public INDArray backward(INDArray dz) {
    w.grad = x.transpose().mmul(dz);
    b.grad = dz.sum(true, 0);
    return dz.mmul(w.value.transpose());
  }

  public List<Parameter> parameters() {
    return List.of(w, b);
  }
}
