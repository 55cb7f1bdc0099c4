package lab.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lab.experiment.XorExperiment;
import lab.net.NetworkFactory;
import lab.net.NetworkParameters;
import lab.net.ParameterReplay;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Seed note 004's walkthrough: one training step of a spec's network on a small batch, taken
 * apart stage by stage, with every number computed by DL4J: the activations by
 * {@code feedForward}, the gradients by each layer's own {@code backpropGradient} from the output
 * layer down, the update by the network's own updater (the spec's optimizer: SGD, Adam, ...),
 * whose state after the step (Adam's moments m and v) is read back from DL4J, and the loss after
 * the step by DL4J's score. The step is the one {@code fit} takes on the same batch from the same
 * start, to the bit (a test checks it).
 *
 * <p>DL4J's backprop works with the loss summed over the samples; its updater first divides by
 * the number of samples, so every gradient shown is that of the averaged loss: the one DL4J
 * reports as the score and that the update uses (and that PyTorch's {@code loss.backward()} shows
 * in the note).
 *
 * @param lr the optimizer's learning rate
 * @param optimizer the spec's optimizer: sgd, nesterov, adam, rmsprop, adagrad
 * @param settings the optimizer's settings, and for Adam the step number and bias corrections
 * @param batch which rows were stepped on (see {@link TraceBatch})
 * @param noisy whether dropout or input noise changed layer inputs in this step
 * @param layers one entry per layer, input side first
 */
public record StepTrace(String name, String loss, double lr, String optimizer,
    Map<String, Double> settings, String batch, double[][] x, double[][] y, double lossValue,
    double lossAfter, boolean noisy, List<LayerTrace> layers, double[][] dLdx) {

  /**
   * Everything about one layer. {@code dLda} is the gradient with respect to this layer's output;
   * for the output layer it is null (DL4J goes from the loss straight to dL/dz). {@code wState}
   * and {@code bState} are the updater's state after the step by DL4J's names (Adam: M and V;
   * empty for SGD); {@code wUpdate} and {@code bUpdate} what was subtracted from W and b.
   */
  public record LayerTrace(int number, String activation, double[][] w, double[] b, double[][] z,
      double[][] a, double[][] dLda, double[][] dLdz, double[][] dLdW, double[] dLdb,
      Map<String, double[][]> wState, Map<String, double[][]> bState, double[][] wUpdate,
      double[] bUpdate, double[][] wAfter, double[] bAfter) {}

  /** One step of an XOR spec on the four points with learning rate {@code lr}. */
  public static StepTrace of(ExperimentSpec spec, double lr) {
    return of(spec.with(Map.of("optimizer.lr", lr)), new TraceBatch(
        XorExperiment.dataSet(spec.isDouble()), 2, 1, "the four XOR points"));
  }

  public static StepTrace of(ExperimentSpec spec, TraceBatch batch) {
    DataSet data = batch.data();
    INDArray x = data.getFeatures();
    INDArray y = data.getLabels();
    int n = (int) x.size(0);
    MultiLayerNetwork net = NetworkFactory.build(spec, batch.nIn(), batch.nOut());
    List<ParameterReplay.Dense> initial = NetworkParameters.of(net);
    int count = net.getnLayers();
    // The score first: it runs its own forward pass (no dropout) and clears the layers' inputs.
    double lossValue = net.score(data, false);

    // Forward: feedForward(train, clearInputs=false) returns [x, a1, a2, ...] and leaves every
    // layer holding its input (after dropout or input noise, if any), which backprop needs.
    net.setInput(x);
    net.setLabels(y);
    List<INDArray> acts = net.feedForward(true, false);
    net.initGradientsView(); // the arrays backpropGradient writes the gradients into
    List<INDArray> z = new ArrayList<>();
    boolean noisy = false;
    for (int l = 0; l < count; l++) {
      // z = a_prev W + b: DL4J's DenseLayer pre-activation, from its own input, W and b.
      INDArray in = net.getLayer(l).input();
      noisy |= ((BaseLayer) net.getLayer(l).conf().getLayer()).getIDropout() != null;
      INDArray w = net.getLayer(l).getParam("W");
      INDArray b = net.getLayer(l).getParam("b");
      z.add(in.mmul(w).addRowVector(b.reshape(1, w.size(1))));
    }

    // Backward, from the output layer down.
    INDArray[] dLda = new INDArray[count];
    INDArray[] dLdz = new INDArray[count];
    double[][][] dLdW = new double[count][][];
    double[][] dLdb = new double[count][];
    Gradient all = new DefaultGradient(net.getFlattenedGradients());
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    Layer out = net.getLayer(count - 1);
    ((IOutputLayer) out).setLabels(y);
    BaseOutputLayer outConf = (BaseOutputLayer) out.conf().getLayer();
    ILossFunction lossFn = outConf.getLossFn();
    dLdz[count - 1] = lossFn.computeGradient(y, z.get(count - 1).dup(), outConf.getActivationFn(),
        null);
    INDArray epsilon = null; // the output layer starts from its labels, not from an epsilon
    for (int l = count - 1; l >= 0; l--) {
      Layer layer = net.getLayer(l);
      if (l < count - 1) {
        dLda[l] = epsilon.dup();
        IActivation act = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
        dLdz[l] = act.backprop(z.get(l).dup(), epsilon.dup()).getFirst();
      }
      Pair<Gradient, INDArray> g = layer.backpropGradient(epsilon, mgr);
      for (Map.Entry<String, INDArray> e : g.getFirst().gradientForVariable().entrySet()) {
        all.setGradientFor(l + "_" + e.getKey(), e.getValue());
      }
      // Divided by n in the network's precision, as DL4J's updater divides before it updates.
      dLdW[l] = averaged(g.getFirst().getGradientFor("W"), n);
      dLdb[l] = averaged(g.getFirst().getGradientFor("b"), n)[0];
      epsilon = g.getSecond().dup(); // dL/d(this layer's input) = dL/da of the layer below
    }

    // The step, as fit takes it: the updater turns the gradient into the update in place, then
    // the parameters lose it.
    Updater updater = net.getUpdater();
    updater.update(net, all, net.getIterationCount(), net.getEpochCount(), n, mgr);
    List<Map<String, Map<String, double[][]>>> state = state(net, updater);
    List<double[][]> updates = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      updates.add(matrix(all.getGradientFor(l + "_W")));
      updates.add(matrix(all.getGradientFor(l + "_b")));
    }
    INDArray params = net.params();
    params.subi(net.getFlattenedGradients().reshape(params.shape()));
    List<ParameterReplay.Dense> after = NetworkParameters.of(net);
    double lossAfter = net.score(data, false);

    List<LayerTrace> layers = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      String act = l == count - 1 ? spec.outputActivation() : spec.activation();
      layers.add(new LayerTrace(l + 1, act, initial.get(l).w(), initial.get(l).b(),
          matrix(z.get(l)), matrix(acts.get(l + 1)), dLda[l] == null ? null : mean(dLda[l], n),
          mean(dLdz[l], n), dLdW[l], dLdb[l], state.get(l).get("W"), state.get(l).get("b"),
          updates.get(2 * l), updates.get(2 * l + 1)[0], after.get(l).w(), after.get(l).b()));
    }
    return new StepTrace(spec.name(), spec.loss(), spec.lr(), spec.optimizer(), settings(spec),
        batch.what(), matrix(x), matrix(y), lossValue, lossAfter, noisy, layers, mean(epsilon, n));
  }

  /**
   * The optimizer's settings as DL4J uses them. For Adam also its first step's numbers: t = 1,
   * the bias corrections 1 - beta1^t and 1 - beta2^t, and the step size DL4J folds them into,
   * alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t).
   */
  static Map<String, Double> settings(ExperimentSpec spec) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("lr", spec.lr());
    switch (spec.optimizer()) {
      case "nesterov" -> m.put("momentum", spec.real("optimizer.momentum"));
      case "adam" -> {
        double b1 = spec.real("optimizer.beta1");
        double b2 = spec.real("optimizer.beta2");
        m.put("beta1", b1);
        m.put("beta2", b2);
        m.put("epsilon", spec.real("optimizer.epsilon"));
        m.put("t", 1.0);
        m.put("bias_correction1", 1 - b1);
        m.put("bias_correction2", 1 - b2);
        m.put("alpha", spec.lr() * Math.sqrt(1 - b2) / (1 - b1));
      }
      case "rmsprop" -> {
        m.put("decay", spec.real("optimizer.beta2"));
        m.put("epsilon", spec.real("optimizer.epsilon"));
      }
      case "adagrad" -> m.put("epsilon", spec.real("optimizer.epsilon"));
      default -> { }
    }
    return m;
  }

  /**
   * The updater's state after the step, per layer and parameter (W, b), by DL4J's state names
   * (Adam: M, V). DL4J keeps one state array per block of parameters that share an updater; a
   * parameter's share is its offset range within the block, laid out as the parameter is ('f'
   * order for W).
   */
  private static List<Map<String, Map<String, double[][]>>> state(MultiLayerNetwork net,
      Updater updater) {
    List<Map<String, Map<String, double[][]>>> perLayer = new ArrayList<>();
    for (int l = 0; l < net.getnLayers(); l++) {
      Map<String, Map<String, double[][]>> params = new LinkedHashMap<>();
      params.put("W", new TreeMap<>());
      params.put("b", new TreeMap<>());
      perLayer.add(params);
    }
    for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) updater).getUpdaterBlocks()) {
      Map<String, INDArray> arrays = block.getGradientUpdater().getState();
      if (arrays == null) continue;
      for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
        int l = indexOf(net, p.getLayer());
        long from = p.getParamOffsetStart() - block.getParamOffsetStart();
        long to = p.getParamOffsetEnd() - block.getParamOffsetStart();
        long[] shape = net.getLayer(l).getParam(p.getParamName()).shape();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
          INDArray part = e.getValue().reshape(1, e.getValue().length())
              .get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to)).dup();
          perLayer.get(l).get(p.getParamName())
              .put(e.getKey(), matrix(part.reshape('f', shape)));
        }
      }
    }
    return perLayer;
  }

  private static int indexOf(MultiLayerNetwork net, Object layer) {
    for (int l = 0; l < net.getnLayers(); l++) {
      if (net.getLayer(l) == layer) return l;
    }
    throw new IllegalStateException("updater block names a layer the network does not have");
  }

  /** As doubles (exact from float); a vector as one row. */
  private static double[][] matrix(INDArray a) {
    INDArray m = a.rank() == 1 ? a.reshape(1, a.length()) : a;
    return m.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** A gradient of the summed loss divided by n in its own precision, as DL4J's updater does. */
  private static double[][] averaged(INDArray summed, int n) {
    return matrix(summed.dup().divi(n));
  }

  /** A per-sample gradient of the summed loss, divided by n: that of the averaged loss. */
  private static double[][] mean(INDArray summed, int n) {
    return summed.castTo(DataType.DOUBLE).div(n).toDoubleMatrix();
  }
}
