package lab.fast;

import java.util.ArrayList;
import java.util.List;
import lab.net.ScoreAndOutput;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stacked network's metrics in one forward pass: each copy's score and outputs on a set, the
 * numbers {@code ScoreAndOutput.of} gives on the copy's own network, instead of one forward pass
 * per copy (a stacked XOR sweep measured its 20 copies every record_every epochs, each pass a
 * dozen ND4J ops and arrays for four points).
 *
 * <p>Why the same bits: each layer's product is computed copy by copy on the copy's blocks
 * ({@link PreActivation#columnMajor} with {@link BlockGemm}, as stacked training computes it,
 * which gives each copy the bits of its own network's product) and the sigmoid acts element by
 * element; the copy's loss is then computed by its own output layer, on a copy of its column of
 * the pre-activation, by the code of its own evaluation ({@link RememberingOutputLayer}). Only
 * for float networks of sigmoid dense layers and a sigmoid output with binary cross-entropy,
 * without masks, preprocessors or regularization (what stacked XOR sweeps train); anything else
 * returns null and is measured copy by copy.
 */
final class StackedScores {
  private StackedScores() {}

  static List<ScoreAndOutput.Result> of(MultiLayerNetwork stacked, List<MultiLayerNetwork> own,
      DataSet set) {
    int copies = own.size();
    if (!applies(stacked, own, set)) return null;
    INDArray labels = set.getLabels().castTo(DataType.FLOAT);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    int n = stacked.getnLayers();
    List<INDArray> temporaries = new ArrayList<>();
    // The copies' outputs, freed here unless handed to the caller whole.
    List<INDArray> outputList = new ArrayList<>();
    try {
      INDArray a = set.getFeatures();
      INDArray z = null;
      for (int i = 0; i < n; i++) {
        BaseLayer<?> layer = (BaseLayer<?>) stacked.getLayer(i);
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray b = layer.hasBias() ? layer.getParam(DefaultParamInitializer.BIAS_KEY) : null;
        if (!PreActivation.fits(a, w)) return null;
        z = PreActivation.columnMajor(a, w, b, mgr, copies, i == 0);
        temporaries.add(z);
        if (i < n - 1) a = DirectOps.activation(layer.layerConf().getActivationFn(), z, false);
      }
      long rows = z.size(0);
      long outputs = z.size(1) / copies;
      // Each copy's pre-activation, before the sigmoid below overwrites them all.
      List<INDArray> preOut = new ArrayList<>();
      for (int k = 0; k < copies; k++) {
        INDArray p = Nd4j.createUninitializedDetached(DataType.FLOAT, 'f', rows, outputs);
        temporaries.add(p);
        if (!BlockCopy.copy(z, 0, k * outputs, p)) return null;
        preOut.add(p);
      }
      INDArray sigmoid = DirectOps.activation(
          ((BaseLayer<?>) stacked.getLayer(n - 1)).layerConf().getActivationFn(), z, false);
      List<ScoreAndOutput.Result> results = new ArrayList<>();
      for (int k = 0; k < copies; k++) {
        MultiLayerNetwork net = own.get(k);
        RememberingOutputLayer out = (RememberingOutputLayer) net.getLayer(n - 1);
        Double loss = out.copyEvaluationLoss(preOut.get(k), labels);
        INDArray output = Nd4j.createUninitializedDetached(DataType.FLOAT, 'f', rows, outputs);
        outputList.add(output);
        if (loss == null || !BlockCopy.copy(sigmoid, 0, k * outputs, output)) return null;
        results.add(new ScoreAndOutput.Result(
            out.scoreOf(loss, (int) rows, net.calcRegularizationScore(true)), output));
      }
      outputList.clear(); // handed to the caller, who frees them
      return results;
    } finally {
      for (INDArray t : temporaries) ScoreAndOutput.release(t, set.getFeatures());
      for (INDArray o : outputList) o.close();
    }
  }

  /**
   * Float networks of the same depth, dense layers then an output layer of the fast path, all
   * sigmoid; the copies' output layers evaluating binary cross-entropy; no regularization, masks,
   * preprocessors, dropout or weight noise.
   */
  private static boolean applies(MultiLayerNetwork stacked, List<MultiLayerNetwork> own,
      DataSet set) {
    if (own.isEmpty() || set.hasMaskArrays() || set.getFeatures().dataType() != DataType.FLOAT
        || set.getFeatures().rank() != 2 || set.getLabels().rank() != 2) {
      return false;
    }
    int n = stacked.getnLayers();
    List<MultiLayerNetwork> all = new ArrayList<>(own);
    all.add(stacked);
    for (MultiLayerNetwork net : all) {
      if (net.getnLayers() != n || net.getLayerWiseConfigurations().getDataType() != DataType.FLOAT
          || !net.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        Layer l = net.getLayer(i);
        boolean kind = i < n - 1 ? l instanceof RememberingDenseLayer
            : l instanceof RememberingOutputLayer;
        if (!kind || !plain((BaseLayer<?>) l)) return false;
      }
      if (net != stacked && !((RememberingOutputLayer) net.getLayer(n - 1))
          .evaluatesBinaryCrossEntropy()) {
        return false;
      }
    }
    return true;
  }

  private static boolean plain(BaseLayer<?> l) {
    org.deeplearning4j.nn.conf.layers.BaseLayer c = l.layerConf();
    if (c instanceof org.deeplearning4j.nn.conf.layers.DenseLayer d && d.hasLayerNorm()) {
      return false;
    }
    return c.getActivationFn().getClass() == ActivationSigmoid.class
        && c.getIDropout() == null && c.getWeightNoise() == null && l.getMaskArray() == null
        && (c.getRegularization() == null || c.getRegularization().isEmpty())
        && (c.getRegularizationBias() == null || c.getRegularizationBias().isEmpty());
  }
}
