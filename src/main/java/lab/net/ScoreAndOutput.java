package lab.net;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A network's loss on a whole set and its outputs for the set's features from one forward pass,
 * with the numbers {@code net.score(set, false)} and {@code net.output(features, false)} give.
 *
 * <p>DL4J's score runs the layers up to the output layer's input, then the output layer's
 * {@code computeScore}; its output runs every layer again from the first. Here the layers run
 * once ({@code feedForward}, which calls each layer's {@code activate} as the other two do), the
 * output layer's score is computed on the same input with DL4J's own call and the regularization
 * term DL4J adds, and the last activation is the output. For a set with masks or a network with
 * input preprocessors, the two DL4J calls are made as they are.
 */
public final class ScoreAndOutput {
  /** The loss averaged over the set's rows (plus regularization) and the outputs. */
  public record Result(double score, INDArray output) {}

  private ScoreAndOutput() {}

  public static Result of(MultiLayerNetwork net, DataSet set) {
    int n = net.getnLayers();
    boolean plain = !set.hasMaskArrays() && net.getOutputLayer() instanceof IOutputLayer
        && net.getLayerWiseConfigurations().getInputPreProcessors().isEmpty();
    if (!plain) {
      return new Result(net.score(set, false), net.output(set.getFeatures(), false));
    }
    List<INDArray> activations = net.feedForward(set.getFeatures(), false);
    IOutputLayer outputLayer = (IOutputLayer) net.getOutputLayer();
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    double score;
    try {
      outputLayer.setInput(activations.get(n - 1), mgr);
      outputLayer.setLabels(set.getLabels());
      score = outputLayer.computeScore(net.calcRegularizationScore(true), false, mgr);
    } finally {
      net.clearLayersStates();
    }
    return new Result(score, activations.get(n));
  }
}
