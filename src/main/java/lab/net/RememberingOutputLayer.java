package lab.net;

import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * DL4J's output layer computing its pre-activation x W + b once per gradient instead of twice. In
 * a gradient computation DL4J computes it for backprop, which the loss function turns into the
 * gradient in place, and again for the score. Here it is computed when the network hands the
 * layer its input, in the forward pass's activation memory; backprop gets a copy, the score the
 * original. For the loss functions listed here, whose score only reads the pre-activation (each
 * copies it before applying the activation), every number is the same.
 *
 * <p>Only while {@link OwnGradientNetwork} computes a gradient, and not for layers with masks,
 * dropout on their input, weight noise or another loss: those are DL4J's layer unchanged.
 */
final class RememberingOutputLayer extends OutputLayer {
  private static final Set<Class<?>> SCORE_ONLY_READS =
      Set.of(LossBinaryXENT.class, LossL2.class, LossMSE.class, LossMCXENT.class);

  private boolean inGradient;
  private boolean inBackprop;
  private INDArray preOutput;
  private INDArray preOutputInput;

  RememberingOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Set by the network around its gradient computation; false forgets what was kept. */
  void setInGradient(boolean on) {
    inGradient = on;
    preOutput = null;
    preOutputInput = null;
  }

  private boolean plain() {
    return maskArray == null && layerConf().getIDropout() == null
        && layerConf().getWeightNoise() == null
        && SCORE_ONLY_READS.contains(layerConf().getLossFn().getClass());
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    super.setInput(input, workspaceMgr);
    preOutput = null;
    preOutputInput = null;
    if (inGradient && plain()) {
      preOutput = super.preOutput2d(true, workspaceMgr);
      preOutputInput = this.input;
    }
  }

  @Override
  protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (training && preOutput != null && preOutputInput == input) {
      return inBackprop ? workspaceMgr.dup(ArrayType.ACTIVATIONS, preOutput) : preOutput;
    }
    return super.preOutput2d(training, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    inBackprop = true;
    try {
      return super.backpropGradient(epsilon, workspaceMgr);
    } finally {
      inBackprop = false;
    }
  }
}
