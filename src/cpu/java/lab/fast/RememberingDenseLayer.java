package lab.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense layer without repeated work in a gradient computation:
 * <ul>
 *   <li>DL4J's backprop computes the layer's pre-activation x W + b a second time (the forward
 *       pass applied the activation to it in place). Here the forward pass keeps what backprop
 *       needs: for a float sigmoid layer its output, from which {@link SigmoidLoops} computes the
 *       delta in Java; otherwise a copy of the pre-activation, for DL4J's activation backprop.
 *   <li>The first layer skips the gradient with respect to the network's input, which nobody
 *       reads (for MNIST's first layer, a 100x784 by 784x50 product).
 * </ul>
 * The remaining ops are DL4J's own, in its order, so every number is the same.
 *
 * <p>Only while {@link OwnGradientNetwork} computes a gradient, where DL4J runs the forward pass,
 * then backprop, inside one activation workspace; everywhere else (inference, the trace tool's
 * per-layer backprop, layers with masks, layer norm or weight noise) it is DL4J's layer unchanged.
 */
final class RememberingDenseLayer extends DenseLayer {
  private boolean inGradient;
  private boolean inputGradientUnused;
  private boolean outputLeftAsIs;
  /** What the last training forward pass kept for backprop, and the input it was computed from. */
  private INDArray preActivation;
  private INDArray sigmoidOutput;
  private INDArray keptForInput;
  /** How many backprops computed the sigmoid delta in Java (for tests). */
  int sigmoidLoopBackprops;
  /**
   * In a stacked network (see {@link BlockGemm}): how many copies the layer holds side by side,
   * and whether its input is shared by all of them (the first layer). 1 for a network of its own.
   */
  private int copies = 1;
  private boolean sharedInput;

  RememberingDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /**
   * Set by the network around its gradient computation; false forgets what was kept.
   * outputLeftAsIs: the next layer reads this layer's output without changing it in place (no
   * dropout or preprocessor on its input), so the output itself can be kept instead of a copy.
   */
  void setInGradient(boolean on, boolean inputGradientUnused, boolean outputLeftAsIs) {
    this.inGradient = on;
    this.inputGradientUnused = on && inputGradientUnused;
    this.outputLeftAsIs = outputLeftAsIs;
    preActivation = null;
    sigmoidOutput = null;
    keptForInput = null;
  }

  /** Makes this the layer of a stacked network of {@code copies} copies. */
  void stack(int copies, boolean sharedInput) {
    this.copies = copies;
    this.sharedInput = sharedInput;
  }

  /** A stacked layer must never take a path that multiplies the whole block-diagonal matrix. */
  private void requireCopyByCopy(String what) {
    if (copies > 1) {
      throw new IllegalStateException("stacked layer " + getIndex() + ": " + what
          + " would not be computed copy by copy");
    }
  }

  private boolean plain() {
    return maskArray == null && !hasLayerNorm() && layerConf().getWeightNoise() == null;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!(inGradient && training && plain())) {
      if (inGradient && training) requireCopyByCopy("a layer with masks, layer norm or noise");
      // BaseLayer.activate's steps, the sigmoid by DirectOps (metrics, evaluation, predictions).
      INDArray out = DirectOps.activation(layerConf().getActivationFn(),
          preOutput(training, workspaceMgr), training);
      if (maskArray != null) applyMask(out);
      return out;
    }
    INDArray z = preOutput(true, workspaceMgr);
    keptForInput = input; // after dropout, which preOutput applied
    IActivation activation = layerConf().getActivationFn();
    if (activation.getClass() == ActivationSigmoid.class && SigmoidLoops.fit(z)) {
      INDArray output = DirectOps.activation(activation, z, true);
      // Kept arrays live in the forward pass's activation memory, which stays open until the
      // network's backprop has finished.
      sigmoidOutput = outputLeftAsIs ? output : workspaceMgr.dup(ArrayType.ACTIVATIONS, output);
      return output;
    }
    // The activation overwrites z: keep a copy.
    preActivation = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
    return activation.getActivation(z, true);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    if (forBackprop && preActivation != null && keptForInput == input) {
      INDArray z = preActivation;
      preActivation = null; // backprop turns it into the layer's delta in place: one use only
      return new Pair<>(z, z);
    }
    // Only when the next layer leaves this output as it is: dropout there would draw its mask
    // in this output's layout, and a column-major one would get other draws than DL4J's.
    if (!forBackprop && inGradient && training && plain() && outputLeftAsIs) {
      applyDropOutIfNecessary(training, workspaceMgr); // as DL4J does, first
      INDArray x = input.castTo(dataType);
      INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
      if (PreActivation.fits(x, w)) {
        INDArray b = hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
        INDArray z = PreActivation.columnMajor(x, w, b, workspaceMgr, copies, sharedInput);
        return new Pair<>(z, z);
      }
    }
    // Inference (metrics, evaluation, predictions): no dropout, no kept arrays, the same product
    // straight into the column-major matrix instead of a temporary and a copy.
    if (!forBackprop && !training && plain() && copies == 1) {
      INDArray z = PreActivation.ofInput(input, dataType,
          getParam(DefaultParamInitializer.WEIGHT_KEY),
          hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null, workspaceMgr);
      if (z != null) return new Pair<>(z, z);
    }
    if (inGradient && training) requireCopyByCopy("the pre-activation");
    return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (!(inGradient && plain())) {
      requireCopyByCopy("backprop outside a gradient computation");
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    INDArray delta;
    if (sigmoidOutput != null && keptForInput == input && SigmoidLoops.fit(epsilon)
        && epsilon.equalShapes(sigmoidOutput)) {
      // DL4J's delta is its copy of the pre-activation; the same layout here keeps the bias sum
      // and the products below on DL4J's paths.
      delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
          sigmoidOutput.shape(), sigmoidOutput.ordering());
      SigmoidLoops.sigmoidDelta(sigmoidOutput, epsilon, delta);
      sigmoidOutput = null;
      sigmoidLoopBackprops++;
    } else if (inputGradientUnused || copies > 1) {
      // DL4J's delta, from the kept pre-activation.
      INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
      delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    } else {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    return gradientsFromDelta(delta, workspaceMgr);
  }

  /**
   * DL4J's steps from the delta on, in its order, with the products by {@link DirectGemm} (by
   * {@link BlockGemm}, copy by copy, in a stacked network); no input gradient for layer 0.
   */
  private Pair<Gradient, INDArray> gradientsFromDelta(INDArray delta,
      LayerWorkspaceMgr workspaceMgr) {
    Gradient gradient = new DefaultGradient();
    if (hasBias()) {
      INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      if (!ShortLoops.columnSums(delta, biasGradient)) delta.sum(biasGradient, 0);
      gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
    }
    INDArray epsilonNext = null;
    if (!inputGradientUnused) {
      INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
      epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
          new long[] {w.size(0), delta.size(0)}, 'f');
      if (copies > 1 && !sharedInput) {
        BlockGemm.product(w, delta.transpose(), epsilonNext, copies,
            new BlockGemm.Split(true, false, true));
      } else {
        // Alone, or the gradient of the input all copies share.
        DirectGemm.product(w, delta.transpose(), epsilonNext);
      }
      epsilonNext = epsilonNext.transpose();
    }
    INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    INDArray inputT = input.castTo(weightGradient.dataType()).transpose();
    BlockGemm.weightGradient(inputT, delta, weightGradient, copies, sharedInput);
    gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
    weightNoiseParams.clear();
    if (epsilonNext != null) epsilonNext = backpropDropOutIfPresent(epsilonNext);
    return new Pair<>(gradient, epsilonNext);
  }
}
