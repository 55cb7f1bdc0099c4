package lab.trace;

import java.util.ArrayList;
import java.util.List;
import lab.experiment.XorExperiment;
import lab.net.NetworkFactory;
import lab.net.NetworkParameters;
import lab.net.ParameterReplay;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Seed note 004's walkthrough: one training step of a spec's network on the four XOR points, taken
 * apart stage by stage, with every number computed by DL4J: the activations by
 * {@code feedForward}, the gradients by each layer's own {@code backpropGradient} from the output
 * layer down.
 *
 * <p>DL4J's backprop works with the loss summed over the samples; the trace divides by the number
 * of samples everywhere, so it shows the gradients of the averaged loss that DL4J reports as the
 * score and that an SGD update uses (and that PyTorch's {@code loss.backward()} shows in the note).
 *
 * @param layers one entry per layer, input side first
 */
public record StepTrace(String name, String loss, double lr, double[][] x, double[][] y,
    double lossValue, List<LayerTrace> layers, double[][] dLdx) {

  /**
   * Everything about one layer. {@code dLda} is the gradient with respect to this layer's output;
   * for the output layer it is null (DL4J goes from the loss straight to dL/dz).
   */
  public record LayerTrace(int number, String activation, double[][] w, double[] b, double[][] z,
      double[][] a, double[][] dLda, double[][] dLdz, double[][] dLdW, double[] dLdb,
      double[][] wAfter, double[] bAfter) {}

  public static StepTrace of(ExperimentSpec spec, double lr) {
    DataSet data = XorExperiment.dataSet(spec.isDouble());
    INDArray x = data.getFeatures();
    INDArray y = data.getLabels();
    int n = (int) x.size(0);
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    List<ParameterReplay.Dense> initial = NetworkParameters.of(net);
    int count = net.getnLayers();
    // The score first: it runs its own forward pass and clears the layers' inputs afterwards.
    double lossValue = net.score(data, false);

    // Forward: feedForward(train, clearInputs=false) returns [x, a1, a2, ...] and leaves every
    // layer holding its input, which its backpropGradient needs.
    net.setInput(x);
    net.setLabels(y);
    List<INDArray> acts = net.feedForward(true, false);
    net.initGradientsView(); // the arrays backpropGradient writes the gradients into
    List<INDArray> z = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      // z = a_prev W + b: DL4J's DenseLayer pre-activation, computed from its own W and b.
      INDArray w = net.getLayer(l).getParam("W");
      INDArray b = net.getLayer(l).getParam("b");
      z.add(acts.get(l).mmul(w).addRowVector(b.reshape(1, w.size(1))));
    }

    // Backward, from the output layer down.
    INDArray[] dLda = new INDArray[count];
    INDArray[] dLdz = new INDArray[count];
    INDArray[] dLdW = new INDArray[count];
    INDArray[] dLdb = new INDArray[count];
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    Layer out = net.getLayer(count - 1);
    ((IOutputLayer) out).setLabels(y);
    org.deeplearning4j.nn.conf.layers.BaseOutputLayer outConf =
        (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) out.conf().getLayer();
    ILossFunction lossFn = outConf.getLossFn();
    dLdz[count - 1] = lossFn.computeGradient(y, z.get(count - 1).dup(), outConf.getActivationFn(),
        null);
    INDArray epsilon = null; // the output layer starts from its labels, not from an epsilon
    for (int l = count - 1; l >= 0; l--) {
      Layer layer = net.getLayer(l);
      if (l < count - 1) {
        dLda[l] = epsilon.dup();
        IActivation act =
            ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer()).getActivationFn();
        dLdz[l] = act.backprop(z.get(l).dup(), epsilon.dup()).getFirst();
      }
      Pair<Gradient, INDArray> g = layer.backpropGradient(epsilon, mgr);
      dLdW[l] = g.getFirst().getGradientFor("W").dup();
      dLdb[l] = g.getFirst().getGradientFor("b").dup();
      epsilon = g.getSecond().dup(); // dL/d(this layer's input) = dL/da of the layer below
    }

    List<LayerTrace> layers = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      double[][] gw = mean(dLdW[l], n);
      double[] gb = row(mean(dLdb[l].reshape(1, dLdb[l].length()), n));
      double[][] w = initial.get(l).w();
      double[] b = initial.get(l).b();
      double[][] wAfter = new double[w.length][];
      for (int i = 0; i < w.length; i++) {
        wAfter[i] = new double[w[i].length];
        for (int o = 0; o < w[i].length; o++) wAfter[i][o] = w[i][o] - lr * gw[i][o];
      }
      double[] bAfter = new double[b.length];
      for (int o = 0; o < b.length; o++) bAfter[o] = b[o] - lr * gb[o];
      String act = l == count - 1 ? spec.outputActivation() : spec.activation();
      layers.add(new LayerTrace(l + 1, act, w, b, matrix(z.get(l)), matrix(acts.get(l + 1)),
          dLda[l] == null ? null : mean(dLda[l], n), mean(dLdz[l], n), gw, gb, wAfter, bAfter));
    }
    return new StepTrace(spec.name(), spec.loss(), lr, matrix(x), matrix(y), lossValue, layers,
        mean(epsilon, n));
  }

  private static double[][] matrix(INDArray a) {
    return a.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** A per-sample gradient of the summed loss, divided by n: that of the averaged loss. */
  private static double[][] mean(INDArray summed, int n) {
    return summed.castTo(DataType.DOUBLE).div(n).toDoubleMatrix();
  }

  private static double[] row(double[][] m) {
    return m[0];
  }
}
