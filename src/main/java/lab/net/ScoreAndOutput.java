package lab.net;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
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
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    IOutputLayer outputLayer = (IOutputLayer) net.getOutputLayer();
    List<INDArray> activations;
    double score;
    try {
      activations = feedForward(net, set.getFeatures(), mgr);
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
   * The features and each layer's activation, as {@code net.feedForward(features, false)} gives
   * them, but outside workspaces: DL4J computes each layer in a workspace and copies every
   * activation out of it (for MNIST's training set, 11 MB for the hidden layer), where here each
   * layer's own array is the activation, the output layer's input is the object handed back, and
   * the caller frees them and clears the layers' states. For networks of {@link #of}'s plain case
   * (no preprocessors or masks) of dense and output layers, which read their input as it is;
   * others go through DL4J's feedForward.
   */
  static List<INDArray> feedForward(MultiLayerNetwork net, INDArray features,
      LayerWorkspaceMgr mgr) {
    boolean dense = true;
    for (Layer l : net.getLayers()) {
      dense &= l instanceof DenseLayer || l instanceof BaseOutputLayer;
    }
    if (!dense || features.dataType() != net.getLayerWiseConfigurations().getDataType()) {
      return net.feedForward(features, false); // other layers, or DL4J's cast: left to DL4J
    }
    List<INDArray> activations = new ArrayList<>();
    activations.add(features);
    INDArray x = features;
    for (int i = 0; i < net.getnLayers(); i++) {
      x = net.getLayer(i).activate(x, false, mgr);
      activations.add(x);
    }
    return activations; // the layers keep their inputs: the caller clears the layers' states
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
