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
    INDArray output = activations.get(n);
    for (int k = 1; k < n; k++) {
      release(activations.get(k), set.getFeatures(), output);
    }
    return new Result(score, output);
  }

  /**
   * Frees {@code a}'s native memory now, unless it is a view or shares its memory with one of
   * {@code keep}. An evaluation's hidden activations (55,000 x 50 floats for MNIST's training
   * set) would otherwise stay allocated until the garbage collector finds their small Java
   * objects, so every evaluation took fresh memory from the system, page by page, instead of
   * reusing the last one's. The values computed are the same.
   */
  public static void release(INDArray a, INDArray... keep) {
    if (a == null || a.isView() || !a.closeable() || a.wasClosed()) return;
    long address = a.data().address();
    for (INDArray k : keep) {
      if (k != null && !k.wasClosed() && k.data().address() == address) return;
    }
    a.close();
  }
}
