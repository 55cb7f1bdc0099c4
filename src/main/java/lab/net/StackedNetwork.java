package lab.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * K networks of one shape (e.g. sweep jobs that differ only in seed) trained as one DL4J network,
 * so that a training step pays ND4J's fixed cost per op once instead of K times.
 *
 * <p>Layout: the first layer maps the shared inputs to K blocks of units, block k being copy k's
 * first layer; every later layer's W is block-diagonal (block k maps copy k's units to copy k's
 * units), so the output layer has K blocks of outputs. The loss sums over the output columns and
 * averages over the batch (see {@link NetworkFactory#configuration(lab.spec.ExperimentSpec, int,
 * int, int)}), so the stacked loss is the sum of the copies' losses and each copy's gradient is
 * its own. The gradient of an off-diagonal weight is not zero (it is what that weight would add
 * if it were not 0), so it is zeroed before every update: every updater here (SGD, Nesterov,
 * Adam, RMSProp, AdaGrad) turns a gradient that is always 0 into an update of exactly 0, and the
 * copies never see each other. The updaters act element by element, so each diagonal block is
 * updated as the copy's own network would be.
 *
 * <p>A NaN in one copy reaches all the others (through NaN * 0 in the next product), so a caller
 * must treat a non-finite loss as the whole group's and rerun the copies one by one.
 */
public final class StackedNetwork {

  private final MultiLayerNetwork net;
  private final List<MultiLayerNetwork> copies;
  private final INDArray gradientMask;
  private final ILossFunction copyLoss;
  private final IActivation outputActivation;

  private StackedNetwork(MultiLayerNetwork net, List<MultiLayerNetwork> copies,
      INDArray gradientMask, ILossFunction copyLoss) {
    this.net = net;
    this.copies = copies;
    this.gradientMask = gradientMask;
    this.copyLoss = copyLoss;
    this.outputActivation = ((BaseLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer())
        .getActivationFn();
  }

  /**
   * The stacked network of {@code conf} (built by {@link NetworkFactory#buildStacked}) starting
   * from the initialized networks {@code own}, one per copy; {@code copyLoss} is one copy's own
   * loss function, used for the copies' metrics.
   */
  static StackedNetwork of(MultiLayerConfiguration conf, List<MultiLayerNetwork> own,
      ILossFunction copyLoss, EngineChoice engine) {
    // The same engine as a single network of the spec; the mask below only holds numbers.
    MultiLayerNetwork net = engine.newNetwork(conf);
    net.init();
    net.params().assign(0);
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
    INDArray gradientMask = mask.params().dup();
    net.setListeners(new ZeroOffDiagonalGradient(gradientMask));
    return new StackedNetwork(net, new ArrayList<>(own), gradientMask, copyLoss);
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

  /** Copy k's own network, holding the copy's current parameters. */
  public MultiLayerNetwork copy(int k) {
    MultiLayerNetwork own = copies.get(k);
    for (int l = 0; l < net.getnLayers(); l++) {
      INDArray w = own.getLayer(l).getParam("W");
      INDArray b = own.getLayer(l).getParam("b");
      w.assign(weightBlock(net, l, k, w));
      b.assign(biasBlock(net, l, k, b));
    }
    return own;
  }

  /**
   * One metrics row per copy, as lab.train.Trainer#evaluate measures it on the copy's own network:
   * the epoch, then for each set the loss (the copy's own loss function on its output columns,
   * summed over examples and divided by their number, as DL4J's output layer scores a set) and the
   * accuracy. {@code sets} hold one copy's labels, not stacked ones.
   */
  public List<double[]> evaluate(int epoch, Map<String, DataSet> sets) {
    int nOut = (int) (net.getLayer(net.getnLayers() - 1).getParam("b").length() / size());
    double[][] rows = new double[size()][1 + 2 * sets.size()];
    int c = 1;
    for (DataSet set : sets.values()) {
      INDArray z = outputPreActivation(set.getFeatures());
      INDArray p = outputActivation.getActivation(z.dup(), false);
      for (int k = 0; k < size(); k++) {
        INDArrayIndex cols = NDArrayIndex.interval((long) k * nOut, (long) (k + 1) * nOut);
        INDArray zk = z.get(NDArrayIndex.all(), cols);
        rows[k][0] = epoch;
        rows[k][c] = copyLoss.computeScore(set.getLabels(), zk, outputActivation, null, false)
            / set.numExamples();
        rows[k][c + 1] = Accuracy.of(p.get(NDArrayIndex.all(), cols), set.getLabels());
      }
      c += 2;
    }
    return List.of(rows);
  }

  /** The output layer's input times W plus b, computed as DL4J's dense layers compute it. */
  private INDArray outputPreActivation(INDArray features) {
    int last = net.getnLayers() - 1;
    INDArray in = last == 0 ? features : net.feedForwardToLayer(last - 1, features).get(last);
    INDArray w = net.getLayer(last).getParam("W");
    return in.castTo(w.dataType()).mmul(w).addiRowVector(net.getLayer(last).getParam("b"));
  }

  /** The largest |weight| outside the copies' blocks; 0 while the copies stay apart. */
  public double largestOffDiagonalWeight() {
    return largestOffDiagonal(net.params());
  }

  /** The largest |value| outside the copies' blocks of an array laid out as the parameters. */
  public double largestOffDiagonal(INDArray flat) {
    return flat.mul(gradientMask.rsub(1)).amaxNumber().doubleValue();
  }

  /**
   * Zeroes the gradient of every weight outside the copies' blocks after DL4J computed it and
   * before the updater turns it into an update (DL4J calls onGradientCalculation in between).
   */
  private static final class ZeroOffDiagonalGradient extends BaseTrainingListener {
    private final INDArray mask;

    ZeroOffDiagonalGradient(INDArray mask) {
      this.mask = mask;
    }

    @Override
    public void onGradientCalculation(Model model) {
      ((MultiLayerNetwork) model).getGradientsViewArray().muli(mask);
    }
  }
}
