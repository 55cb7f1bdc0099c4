package lab.net;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * K networks of one shape (e.g. sweep jobs that differ only in seed) trained as one DL4J network,
 * so that a training step pays ND4J's fixed cost per op once instead of K times.
 *
 * <p>Layout: the first layer maps the shared inputs to K blocks of units, block k being copy k's
 * first layer; every later layer's W is block-diagonal (block k maps copy k's units to copy k's
 * units), so the output layer has K blocks of outputs. The loss sums over the output columns and
 * averages over the batch (see {@link NetworkFactory#configuration(lab.spec.ExperimentSpec, int,
 * int, int)}), so the stacked loss is the sum of the copies' losses and each copy's gradient is
 * its own.
 *
 * <p>Each copy gets the very bits of its own network trained alone. The network comes from the
 * CPU fast path ({@link FastPath#newStackedNetwork}), whose layers multiply copy by copy: one BLAS
 * call per copy on its blocks, with the sizes of the copy's own product, never one product over
 * the whole block-diagonal matrix (BLAS picks its kernels, and so its rounding, by the sizes of
 * the whole product). The rest of a step acts element by element (activations, the loss's
 * gradient, the updater over the parameter vector) or column by column (bias gradients, sums over
 * the batch), the same operation on each element whatever its neighbours. The weights between
 * copies are never read or written by the products; their gradient stays exactly 0, and so does
 * every updater's update of them. Metrics are measured on each copy's own network ({@link #copy}).
 *
 * <p>A NaN in one copy can reach the others through the stacked loss, so a caller must treat a
 * non-finite loss as the whole group's and rerun the copies one by one.
 */
public final class StackedNetwork {

  private final MultiLayerNetwork net;
  private final List<MultiLayerNetwork> copies;
  private final INDArray blockMask;
  private final FastPath fast;

  private StackedNetwork(MultiLayerNetwork net, List<MultiLayerNetwork> copies,
      INDArray blockMask, FastPath fast) {
    this.net = net;
    this.copies = copies;
    this.blockMask = blockMask;
    this.fast = fast;
  }

  /**
   * The stacked network of {@code conf} (built by {@link NetworkFactory#buildStacked}) starting
   * from the initialized networks {@code own}, one per copy.
   */
  static StackedNetwork of(MultiLayerConfiguration conf, List<MultiLayerNetwork> own,
      EngineChoice engine) {
    MultiLayerNetwork net = engine.newStackedNetwork(conf, own.size());
    net.params().assign(0);
    // The mask only holds numbers: 1 inside the copies' blocks, 0 between them.
    MultiLayerNetwork mask = new MultiLayerNetwork(conf.clone());
    mask.init();
    mask.params().assign(0);
    for (int l = 0; l < net.getnLayers(); l++) {
      for (int k = 0; k < own.size(); k++) {
        INDArray w = own.get(k).getLayer(l).getParam("W");
        INDArray b = own.get(k).getLayer(l).getParam("b");
        weightBlock(net, l, k, w).assign(w);
        biasBlock(net, l, k, b).assign(b);
        weightBlock(mask, l, k, w).assign(1);
        biasBlock(mask, l, k, b).assign(1);
      }
    }
    // The products write only the copies' blocks of the gradient: the rest stays 0.
    net.initGradientsView();
    net.getGradientsViewArray().assign(0);
    return new StackedNetwork(net, new ArrayList<>(own), mask.params().dup(), engine.fast());
  }

  /**
   * Copy k's W inside layer l of a stacked network: its rows (all of them in the first layer,
   * whose inputs are shared) and its columns. {@code own} is the copy's own W, for the sizes.
   */
  private static INDArray weightBlock(MultiLayerNetwork net, int l, int k, INDArray own) {
    long in = own.size(0);
    long out = own.size(1);
    INDArrayIndex rows = l == 0 ? NDArrayIndex.all() : NDArrayIndex.interval(k * in, (k + 1) * in);
    return net.getLayer(l).getParam("W").get(rows, NDArrayIndex.interval(k * out, (k + 1) * out));
  }

  /** Copy k's b inside layer l (DL4J keeps b as a vector of nOut). */
  private static INDArray biasBlock(MultiLayerNetwork net, int l, int k, INDArray own) {
    long out = own.length();
    INDArray b = net.getLayer(l).getParam("b");
    INDArrayIndex cols = NDArrayIndex.interval(k * out, (k + 1) * out);
    return b.rank() == 1 ? b.get(cols) : b.get(NDArrayIndex.all(), cols);
  }

  /** How many networks it holds. */
  public int size() {
    return copies.size();
  }

  /** The DL4J network to fit, on batches made by {@link #stack}. */
  public MultiLayerNetwork network() {
    return net;
  }

  /** A batch for the stacked network: the same features, the labels repeated for every copy. */
  public DataSet stack(DataSet data) {
    return new DataSet(data.getFeatures(), Nd4j.tile(data.getLabels(), 1, size()));
  }

  /**
   * Copy k's own network, holding the copy's current parameters: copied by the fast path's loop,
   * else through views of the blocks (ND4J's views and assign ops cost more than the copying).
   */
  public MultiLayerNetwork copy(int k) {
    MultiLayerNetwork own = copies.get(k);
    for (int l = 0; l < net.getnLayers(); l++) {
      INDArray w = own.getLayer(l).getParam("W");
      INDArray b = own.getLayer(l).getParam("b");
      INDArray stackedW = net.getLayer(l).getParam("W");
      long row = l == 0 ? 0 : k * w.size(0);
      if (!fast.copyBlock(stackedW, row, k * w.size(1), w)) {
        w.assign(weightBlock(net, l, k, w));
      }
      INDArray stackedB = net.getLayer(l).getParam("b");
      if (b.rank() != stackedB.rank() || !fast.copyBlock(stackedB, 0, k * b.length(), b)) {
        b.assign(biasBlock(net, l, k, b));
      }
    }
    return own;
  }

  /**
   * Each copy's score and outputs on {@code set}, the numbers {@code ScoreAndOutput.of(copy(k),
   * set)} gives, from one forward pass of the stacked network where the fast path can (see
   * {@link FastPath#scoreCopies}); null where it cannot (then measure {@link #copy} by copy).
   */
  public List<ScoreAndOutput.Result> scoreCopies(DataSet set) {
    return fast == null ? null : fast.scoreCopies(net, copies, set);
  }

  /** The largest |weight| outside the copies' blocks; 0 while the copies stay apart. */
  public double largestOffDiagonalWeight() {
    return largestOffDiagonal(net.params());
  }

  /** The largest |value| outside the copies' blocks of an array laid out as the parameters. */
  public double largestOffDiagonal(INDArray flat) {
    return flat.mul(blockMask.rsub(1)).amaxNumber().doubleValue();
  }
}
