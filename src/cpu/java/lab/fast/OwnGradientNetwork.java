package lab.fast;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's MultiLayerNetwork with less work per training step and the same numbers:
 * <ul>
 *   <li>it hands its optimizer the gradient as its own flattened gradient array (see
 *       {@link GradientView}), so that the updater takes its direct path instead of the one for
 *       external gradients;
 *   <li>its dense layers are {@link RememberingDenseLayer}s, which skip recomputing their
 *       pre-activations (and, for sigmoid, compute the delta in Java), and the first one the
 *       input gradient, while a gradient is computed; its output layer is a
 *       {@link RememberingOutputLayer}, which computes its pre-activation once for backprop and
 *       score, and squared error's gradient and score in one pass;
 *   <li>its updater and optimizer step divide by the batch, update (SGD, Adam) and subtract
 *       short parameter vectors in Java ({@link FastUpdate}).
 * </ul>
 */
public final class OwnGradientNetwork extends MultiLayerNetwork {

  public OwnGradientNetwork(MultiLayerConfiguration conf) {
    super(conf);
  }

  @Override
  public void init(INDArray parameters, boolean cloneParametersArray) {
    super.init(parameters, cloneParametersArray);
    DataType type = getLayerWiseConfigurations().getDataType();
    for (int i = 0; i < layers.length; i++) {
      // Exactly DL4J's classes: a subclass might compute otherwise.
      BaseLayer<?> replaced = null;
      if (layers[i].getClass() == DenseLayer.class) {
        replaced = new RememberingDenseLayer(layers[i].conf(), type);
      } else if (layers[i].getClass() == OutputLayer.class) {
        replaced = new RememberingOutputLayer(layers[i].conf(), type);
      }
      if (replaced != null) {
        BaseLayer<?> old = (BaseLayer<?>) layers[i];
        replaced.setListeners(old.getListeners());
        replaced.setIndex(old.getIndex());
        replaced.setParamTable(old.paramTable());
        replaced.setParamsViewArray(old.params());
        replaced.allowInputModification(i > 0); // as MultiLayerNetwork.init sets it
        layers[i] = replaced;
        layerMap.put(replaced.conf().getLayer().getLayerName(), replaced);
      }
    }
    // After the layers: DL4J's updater finds its layers by name when it is made.
    if (!FastUpdate.install(this)) FastUpdate.warnOnce();
  }

  /**
   * Makes this a stacked network of {@code copies} copies of one network side by side (see
   * lab.net.StackedNetwork): every layer then multiplies copy by copy ({@link BlockGemm}), and
   * refuses, with an exception, to take a path that would not. Call after {@link #init}.
   */
  public void stack(int copies) {
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] instanceof RememberingDenseLayer r) {
        r.stack(copies, i == 0);
      } else if (layers[i] instanceof RememberingOutputLayer r) {
        r.stack(copies, i == 0);
      } else {
        throw new IllegalStateException("layer " + i + " (" + layers[i].getClass().getSimpleName()
            + ") cannot be stacked");
      }
    }
  }

  @Override
  public void initGradientsView() {
    super.initGradientsView();
    if (getUpdater(false) instanceof FastUpdate.Updater updater) updater.followGradients();
  }

  @Override
  public void computeGradientAndScore() {
    setInGradient(true);
    try {
      super.computeGradientAndScore();
    } finally {
      setInGradient(false);
    }
  }

  private void setInGradient(boolean on) {
    // The input gradient of layer 0 is dropped by DL4J's backprop unless a preprocessor needs it.
    boolean firstInputGradientUnused = getLayerWiseConfigurations().getInputPreProcess(0) == null;
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] instanceof RememberingDenseLayer r) {
        r.setInGradient(on, i == 0 && firstInputGradientUnused, readsInputAsIs(i + 1));
      } else if (layers[i] instanceof RememberingOutputLayer r) {
        r.setInGradient(on);
      }
    }
  }

  /**
   * Whether layer i leaves its input array unchanged in training. DL4J lets a layer apply dropout
   * to its input in place, and a preprocessor may hand it something else; our two layer classes
   * change nothing otherwise.
   */
  private boolean readsInputAsIs(int i) {
    return i < layers.length && getLayerWiseConfigurations().getInputPreProcess(i) == null
        && (layers[i] instanceof RememberingDenseLayer
            || layers[i] instanceof RememberingOutputLayer)
        && ((BaseLayer<?>) layers[i]).layerConf().getIDropout() == null;
  }

  @Override
  public Pair<Gradient, Double> gradientAndScore() {
    Pair<Gradient, Double> p = super.gradientAndScore();
    Gradient g = p.getFirst();
    return g == null || getFlattenedGradients() == null ? p
        : new Pair<>(new GradientView(g, getFlattenedGradients()), p.getSecond());
  }
}
