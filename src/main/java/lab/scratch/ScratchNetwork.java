package lab.scratch;

import java.util.ArrayList;
import java.util.List;
import lab.core.UserError;
import lab.net.NetworkFactory;
import lab.net.ParameterReplay;
import lab.spec.ExperimentSpec;
import lab.train.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A multilayer perceptron trained by hand: a stack of (Affine, Activation) layers, a loss and an
 * optimizer, with the forward pass going up the stack and the backward pass coming down it. No
 * autodiff and no DL4J layers: ND4J is used only for array arithmetic.
 *
 * <p>It starts from the parameters of the DL4J network that {@link NetworkFactory} builds for the
 * same spec, so both engines begin from identical numbers.
 */
public final class ScratchNetwork implements Model {
  private final List<Affine> affines = new ArrayList<>();
  private final List<Activation> activations = new ArrayList<>();
  private final Loss loss;
  private final Optimizer optimizer;

  // What the last pass computed, layer by layer (index 0 is the first hidden layer).
  private final List<INDArray> z = new ArrayList<>();
  private final List<INDArray> a = new ArrayList<>();
  private final List<INDArray> dLdz = new ArrayList<>();
  private final List<INDArray> dLda = new ArrayList<>();
  private INDArray dLdx;
  private double lastScore = Double.NaN;

  private ScratchNetwork(ExperimentSpec spec, MultiLayerNetwork initial) {
    int layers = initial.getnLayers();
    for (int l = 0; l < layers; l++) {
      // dup(): the scratch engine owns its copy; training it leaves the DL4J network untouched.
      INDArray w = initial.getLayer(l).getParam("W");
      INDArray b = initial.getLayer(l).getParam("b");
      // DL4J keeps b as a vector of nOut; the scratch engine keeps it as a row [1, nOut].
      affines.add(new Affine(w.dup(), b.dup().reshape(1, w.size(1))));
      String act = l == layers - 1 ? spec.outputActivation() : spec.activation();
      activations.add(Activation.of(act));
    }
    loss = Loss.of(spec.loss());
    optimizer = Optimizer.of(spec);
  }

  /** The scratch twin of a DL4J network built by {@link NetworkFactory} for this spec. */
  public static ScratchNetwork of(ExperimentSpec spec, MultiLayerNetwork initial) {
    check(spec);
    return new ScratchNetwork(spec, initial);
  }

  /** A fresh network for a spec, with {@link NetworkFactory}'s initial parameters. */
  public static ScratchNetwork build(ExperimentSpec spec, int nIn, int nOut) {
    check(spec);
    return new ScratchNetwork(spec, NetworkFactory.build(spec, nIn, nOut));
  }

  /** Rejects, in one line, a spec the scratch engine cannot train. */
  public static void check(ExperimentSpec spec) {
    check(spec.name(), spec);
  }

  /**
   * As {@link #check(ExperimentSpec)}, naming {@code source} (the spec file) in the message, so
   * that {@code ./lab run} can refuse before it reads any data.
   */
  public static void check(String source, ExperimentSpec spec) {
    String prefix = source + ": engine scratch: ";
    // Every activation, loss and optimizer the spec schema allows is implemented here (the tests
    // compare each with DL4J); these guards catch a value added to the schema and not here.
    for (String key : List.of("model.activation", "model.output")) {
      String act = spec.text(key);
      if (Activation.of(act) == null) {
        throw new UserError(prefix + key + ": " + act + " is not supported by the scratch engine;"
            + " use --engine dl4j");
      }
    }
    if (Loss.of(spec.loss()) == null) {
      throw new UserError(prefix + "loss: " + spec.loss() + " is not supported by the scratch"
          + " engine; use --engine dl4j");
    }
    if (spec.loss().equals("cross-entropy") && !spec.outputActivation().equals("softmax")) {
      // DL4J rejects this pairing too: multi-class cross-entropy needs outputs that sum to 1.
      throw new UserError(prefix + "loss cross-entropy needs model.output softmax, not "
          + spec.outputActivation());
    }
    if (Optimizer.of(spec) == null) {
      throw new UserError(prefix + "optimizer.name: " + spec.optimizer() + " is not supported by"
          + " the scratch engine; use --engine dl4j");
    }
    // restore_best would compare the DL4J network at the stop epoch with the scratch network at
    // its best epoch; early stopping itself works (DL4J is trained to the same stop epoch).
    if (spec.stopsEarly()
        && Boolean.TRUE.equals(spec.values().get("early_stopping.restore_best"))) {
      throw new UserError(prefix + "early_stopping.restore_best: true is not supported (the"
          + " engine comparison is made at the stop epoch); allowed: false; or use --engine dl4j");
    }
    // DL4J draws dropout masks from ND4J's own generator, which the scratch engine cannot
    // replay mask for mask, so the two runs could not be compared.
    if (spec.has("model.dropout") && spec.real("model.dropout") > 0) {
      throw new UserError(prefix + "model.dropout: " + spec.real("model.dropout")
          + " is not supported; the scratch engine has no dropout (allowed: 0); use --engine dl4j");
    }
  }

  /**
   * The network's output for x, computed in a workspace and copied out of it (the layers'
   * z and a of this pass are not kept; {@link #computeGradients} keeps them).
   */
  @Override
  public INDArray output(INDArray x) {
    try (MemoryWorkspace ws = Workspaces.evaluation()) {
      INDArray out = forward(x).detach();
      forgetPass();
      return out;
    }
  }

  /** Forward pass: z = a_prev W + b, a = f(z), layer after layer; returns the output. */
  private INDArray forward(INDArray x) {
    z.clear();
    a.clear();
    INDArray in = x;
    for (int l = 0; l < affines.size(); l++) {
      z.add(affines.get(l).forward(in));
      a.add(activations.get(l).forward(z.get(l)));
      in = a.get(l);
    }
    return in;
  }

  /** The loss on x and y, averaged over the rows. */
  public double score(INDArray x, INDArray y) {
    try (MemoryWorkspace ws = Workspaces.evaluation()) {
      double value = loss.forward(forward(x), y);
      forgetPass();
      return value;
    }
  }

  @Override
  public double score(DataSet set) {
    return score(set.getFeatures(), set.getLabels());
  }

  @Override
  public double score() {
    return lastScore;
  }

  /**
   * Forward pass, loss, and backward pass: afterwards every parameter's {@code grad} holds the
   * gradient of the minibatch-averaged loss. Returns that loss.
   */
  public double computeGradients(INDArray x, INDArray y) {
    double value = loss.forward(forward(x), y);
    int last = affines.size() - 1;
    dLdz.clear();
    dLda.clear();
    for (int l = 0; l <= last; l++) {
      dLdz.add(null);
      dLda.add(null);
    }
    // The output layer: the loss gives dL/da, the output activation turns it into dL/dz.
    if (loss instanceof CrossEntropy ce && activations.get(last) instanceof Softmax) {
      dLdz.set(last, ce.backwardThroughSoftmax());
    } else {
      dLda.set(last, loss.backward());
      dLdz.set(last, activations.get(last).backward(dLda.get(last)));
    }
    // Down the stack: each affine turns dL/dz into dL/dW, dL/db and dL/d(its input), which is
    // dL/da of the layer below; that layer's activation turns it into its dL/dz.
    for (int l = last; l >= 0; l--) {
      INDArray dIn = affines.get(l).backward(dLdz.get(l));
      if (l == 0) {
        dLdx = dIn;
      } else {
        dLda.set(l - 1, dIn);
        dLdz.set(l - 1, activations.get(l - 1).backward(dIn));
      }
    }
    lastScore = value;
    return value;
  }

  /**
   * One training step on a minibatch: gradients, then the optimizer's update. Every array of the
   * step lives in a workspace reused by the next step; only the parameters (changed in place)
   * and the optimizer's state outlive it, so the per-layer arrays are forgotten afterwards.
   */
  @Override
  public void fit(DataSet batch) {
    try (MemoryWorkspace ws = Workspaces.trainingStep()) {
      computeGradients(batch.getFeatures(), batch.getLabels());
      optimizer.step(parameters());
      forgetPass();
    }
  }

  /** Drops the arrays of the last pass, so nothing reads them after their workspace is reused. */
  private void forgetPass() {
    z.clear();
    a.clear();
    dLdz.clear();
    dLda.clear();
    dLdx = null;
    for (Parameter p : parameters()) p.grad = null;
  }

  /** W0, b0, W1, b1, ... in layer order. */
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>();
    for (Affine f : affines) ps.addAll(f.parameters());
    return ps;
  }

  public Affine layer(int l) {
    return affines.get(l);
  }

  public int layers() {
    return affines.size();
  }

  /** Pre-activations of layer l from the last forward pass. */
  public INDArray z(int l) {
    return z.get(l);
  }

  /** Activations of layer l from the last forward pass. */
  public INDArray a(int l) {
    return a.get(l);
  }

  /** dL/dz of layer l from the last backward pass. */
  public INDArray dLdz(int l) {
    return dLdz.get(l);
  }

  /** dL/da of layer l from the last backward pass (null for a softmax + cross-entropy output). */
  public INDArray dLda(int l) {
    return dLda.get(l);
  }

  /** dL/dx, the gradient with respect to the network's input, from the last backward pass. */
  public INDArray inputGradient() {
    return dLdx;
  }

  @Override
  public List<ParameterReplay.Dense> denseLayers() {
    List<ParameterReplay.Dense> out = new ArrayList<>();
    for (Affine f : affines) {
      out.add(new ParameterReplay.Dense(
          f.w.value.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix(),
          f.b.value.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector()));
    }
    return out;
  }
}
