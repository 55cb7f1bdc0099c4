package lab.net;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer without two pieces of repeated work in a gradient computation. DL4J's
 * backprop computes the layer's pre-activation x W + b a second time (the forward pass applied the
 * activation to it in place), and the first layer computes the gradient with respect to the
 * network's input, which nobody reads. Here the forward pass keeps a copy of the pre-activation
 * for backprop (one copy instead of a matrix product and a bias broadcast; for MNIST's first
 * layer, a 100x784 by 784x50 product), and the first layer skips the input gradient (another
 * product of that size). The remaining ops are DL4J's own, in its order, so every number is the
 * same.
 *
 * <p>Only while {@link OwnGradientNetwork} computes a gradient, where DL4J runs the forward pass,
 * then backprop, inside one activation workspace; everywhere else (inference, the trace tool's
 * per-layer backprop, layers with masks, layer norm or weight noise) it is DL4J's layer unchanged.
 */
final class RememberingDenseLayer extends DenseLayer {
  private boolean inGradient;
  private boolean inputGradientUnused;
  /** The pre-activation of the last training forward pass, and the input it was computed from. */
  private INDArray preActivation;
  private INDArray preActivationInput;

  RememberingDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Set by the network around its gradient computation; false forgets what was kept. */
  void setInGradient(boolean on, boolean inputGradientUnused) {
    this.inGradient = on;
    this.inputGradientUnused = on && inputGradientUnused;
    preActivation = null;
    preActivationInput = null;
  }

  private boolean plain() {
    return maskArray == null && !hasLayerNorm() && layerConf().getWeightNoise() == null;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!(inGradient && training && plain())) return super.activate(training, workspaceMgr);
    INDArray z = preOutput(true, workspaceMgr);
    // The activation overwrites z; the copy lives in the forward pass's activation memory, which
    // stays open until the network's backprop has finished.
    preActivation = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
    preActivationInput = input; // after dropout, which preOutput applied
    return layerConf().getActivationFn().getActivation(z, true);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    if (forBackprop && preActivation != null && preActivationInput == input) {
      INDArray z = preActivation;
      preActivation = null; // backprop turns it into the layer's delta in place: one use only
      return new Pair<>(z, z);
    }
    return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (!(inputGradientUnused && plain())) return super.backpropGradient(epsilon, workspaceMgr);
    // DL4J's steps for the parameter gradients (same ops, same order), and no input gradient.
    INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    Gradient gradient = new DefaultGradient();
    if (hasBias()) {
      INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      delta.sum(biasGradient, 0);
      gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
    }
    INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    Nd4j.gemm(input.castTo(weightGradient.dataType()), delta, weightGradient, true, false, 1.0,
        0.0);
    gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
    weightNoiseParams.clear();
    return new Pair<>(gradient, null);
  }
}
