package lab.net;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import lab.core.Draws;
import lab.spec.ExperimentSpec;
import lab.spec.InitSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The one place a spec becomes a DL4J network: dense hidden layers, an output layer with the
 * spec's loss, the updater, and initial parameters drawn by the project's own seeded generator
 * (so that the scratch engine and PyTorch cross-checks can start from the same numbers).
 */
public final class NetworkFactory {

  /**
   * Clip for binary cross-entropy. DL4J's default of 1e-5 floors each sample's loss at 1e-5, above
   * the seed notes' final losses (2e-5 and below); PyTorch's BCELoss instead bounds log() at -100.
   */
  static final double BCE_CLIP = 1e-7;

  private NetworkFactory() {}

  public static MultiLayerConfiguration configuration(ExperimentSpec spec, int nIn, int nOut) {
    return configuration(spec, nIn, nOut, 1);
  }

  /**
   * The configuration of {@code copies} networks of the spec's shape side by side in one network
   * (see {@link StackedNetwork}): every hidden layer and the output {@code copies} times as wide,
   * the input shared, and a loss that sums over the output columns, so that the total loss is the
   * sum of the copies' losses and each copy's gradient is its own. {@code copies} 1 is the spec's
   * own network. Call {@link #whyNotStackable} first.
   */
  public static MultiLayerConfiguration configuration(ExperimentSpec spec, int nIn, int nOut,
      int copies) {
    DataType dtype = spec.isDouble() ? DataType.DOUBLE : DataType.FLOAT;
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(dtype)
        .updater(updater(spec))
        // Replaced by initialize(); set so DL4J's own draw is cheap and deterministic.
        .weightInit(WeightInit.ZERO)
        .list();
    double inputNoise = spec.has("model.input_noise") ? spec.real("model.input_noise") : 0;
    int in = nIn;
    double drop = dropout(spec);
    boolean first = true;
    for (int width : spec.hidden()) {
      DenseLayer.Builder layer = withInputNoise(new DenseLayer.Builder(), first, inputNoise,
          spec.seed())
          .nIn(in).nOut(width * copies)
          .activation(activation(spec.activation()));
      if (!first && drop > 0) layer.dropOut(1 - drop);
      list.layer(layer.build());
      in = width * copies;
      first = false;
    }
    OutputLayer.Builder output = withInputNoise(
        new OutputLayer.Builder(copies == 1 ? lossFunction(spec.loss())
            : columnSumLoss(spec.loss())), first, inputNoise, spec.seed())
        .nIn(in).nOut(nOut * copies)
        .activation(activation(spec.outputActivation()));
    // DL4J drops a layer's inputs, with the probability of keeping one: dropping the outputs of
    // every hidden layer (PyTorch's nn.Dropout after each) is dropping the inputs of the layer
    // after it, never the pixels.
    if (!spec.hidden().isEmpty() && drop > 0) output.dropOut(1 - drop);
    list.layer(output.build());
    return list.build();
  }

  /** model.dropout where it applies (mnist), else none. */
  static double dropout(ExperimentSpec spec) {
    Object d = spec.values().get("model.dropout");
    return d == null ? 0 : ((Number) d).doubleValue();
  }

  /**
   * DL4J applies a layer's "dropout" to that layer's input, and only when training, so noise on
   * the first layer perturbs the features of each training batch and leaves evaluation and
   * predictions clean. DL4J copies the first layer's input before changing it, so the data set
   * itself is never altered. See {@link SeededGaussianNoise} for why not DL4J's GaussianNoise.
   * (model.dropout acts on the later layers only, so the two never meet on one layer.)
   */
  private static <T extends Layer.Builder<T>> T withInputNoise(T builder, boolean firstLayer,
      double stddev, long seed) {
    return firstLayer && stddev > 0 ? builder.dropOut(new SeededGaussianNoise(stddev, seed))
        : builder;
  }

  /**
   * The seed ND4J's generator (dropout masks) gets for spec seed 0: ND4J 1.0.0-M2.1 takes a seed
   * of 0 to mean "from the clock" (the generator's root state becomes the time in milliseconds),
   * so DL4J's {@code init()}, which seeds it with the configuration's seed, left a seed-0 run with
   * dropout unrepeatable. Negative, so that no spec seed (0 and up) shares it.
   */
  static final long ND4J_SEED_FOR_ZERO = -0x2545F4914F6CDD1DL;

  /** Builds and initializes the network for a spec, for the engine the spec asks for. */
  public static MultiLayerNetwork build(ExperimentSpec spec, int nIn, int nOut) {
    MultiLayerNetwork net = Engines.choose(spec.engine()).newNetwork(configuration(spec, nIn, nOut));
    net.init();
    // Any other seed leaves the generator as DL4J's init left it (seeded, then drawn from for
    // DL4J's own initial weights, which initialize() replaces).
    if (spec.seed() == 0) Nd4j.getRandom().setSeed(ND4J_SEED_FOR_ZERO);
    initialize(net, spec.init(), spec.seed());
    return net;
  }

  /**
   * Why {@code copies} networks of this spec cannot be trained as one stacked network with the
   * same numbers as one by one, or null when they can. They can when every layer's activation and
   * the loss act on each unit or output on its own (a softmax mixes the copies' units), the loss
   * sums over output columns, and nothing random is drawn per layer in training (dropout or input
   * noise masks would be drawn over all copies at once, not as each copy's own run draws them).
   */
  public static String whyNotStackable(ExperimentSpec spec, int nOut) {
    if (spec.activation().equals("softmax") || spec.outputActivation().equals("softmax")) {
      return "a softmax layer mixes the units of all copies";
    }
    if (spec.loss().equals("cross-entropy")) return "cross-entropy needs a softmax output";
    if (spec.loss().equals("mse") && nOut > 1) {
      return "mse divides by the number of outputs, which stacking multiplies";
    }
    if (dropout(spec) > 0) return "dropout masks would be drawn over all copies at once";
    if (spec.has("model.input_noise") && spec.real("model.input_noise") > 0) {
      return "input noise would be drawn over all copies at once";
    }
    return null;
  }

  /**
   * The spec's loss for a stacked network: summed over the output columns (per example), then
   * averaged over the minibatch, as LossBinaryXENT and LossL2 do. MSE of one output per copy is
   * that output's squared error (LossMSE divides by the number of outputs, 1 per copy, but would
   * divide by all the copies' outputs in the stacked layer).
   */
  private static ILossFunction columnSumLoss(String name) {
    return switch (name) {
      case "bce" -> new LossBinaryXENT(BCE_CLIP);
      case "sse", "mse" -> new LossL2();
      default -> throw new IllegalArgumentException("loss " + name + " cannot be stacked");
    };
  }

  /**
   * One network holding each spec's network (the specs differ only in seed), each initialized
   * exactly as {@link #build} initializes it on its own. See {@link StackedNetwork}.
   */
  public static StackedNetwork buildStacked(List<ExperimentSpec> specs, int nIn, int nOut) {
    ExperimentSpec first = specs.get(0);
    for (ExperimentSpec s : specs) {
      if (!sameButSeed(s, first)) {
        throw new IllegalArgumentException(s.name() + " differs from " + first.name()
            + " in more than seed and name");
      }
    }
    String why = whyNotStackable(first, nOut);
    if (why != null) throw new IllegalArgumentException("cannot stack " + first.name() + ": " + why);
    MultiLayerConfiguration conf = configuration(first, nIn, nOut, specs.size());
    List<MultiLayerNetwork> own = specs.stream().map(s -> build(s, nIn, nOut)).toList();
    return StackedNetwork.of(conf, own, Engines.choose(first.engine()));
  }

  /** Whether two specs are the same but for their seed (and name, which only labels a run). */
  public static boolean sameButSeed(ExperimentSpec a, ExperimentSpec b) {
    Map<String, Object> blank = Map.of("seed", 0L, "name", "");
    return a.with(blank).equals(b.with(blank));
  }

  /** Layer widths from input to output, e.g. [2, 2, 2, 2, 1]. */
  public static int[] widths(ExperimentSpec spec, int nIn, int nOut) {
    List<Integer> hidden = spec.hidden();
    int[] w = new int[hidden.size() + 2];
    w[0] = nIn;
    for (int i = 0; i < hidden.size(); i++) w[i + 1] = hidden.get(i);
    w[w.length - 1] = nOut;
    return w;
  }

  /**
   * Draws every layer's W and b from a generator seeded with {@code seed}, layer by layer, W in
   * PyTorch's [out][in] order then b, so the draw does not depend on ND4J's generator.
   */
  public static void initialize(MultiLayerNetwork net, InitSpec init, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 0; l < net.getnLayers(); l++) {
      INDArray w = net.getLayer(l).getParam("W");
      INDArray b = net.getLayer(l).getParam("b");
      int nIn = (int) w.size(0);
      int nOut = (int) w.size(1);
      double[][] wt = new double[nIn][nOut];
      for (int o = 0; o < nOut; o++) {
        for (int i = 0; i < nIn; i++) wt[i][o] = drawWeight(init, rng, nIn, nOut);
      }
      double[] bias = new double[nOut];
      for (int o = 0; o < nOut; o++) bias[o] = drawBias(init, rng, nIn);
      w.assign(Nd4j.create(wt).castTo(w.dataType()));
      b.assign(Nd4j.create(bias, new long[] {1, nOut}, DataType.DOUBLE).castTo(b.dataType()));
    }
  }

  private static double drawWeight(InitSpec init, SplittableRandom rng, int nIn, int nOut) {
    return switch (init.kind()) {
      case TORCH_DEFAULT -> uniform(rng, -1 / Math.sqrt(nIn), 1 / Math.sqrt(nIn));
      case UNIFORM -> uniform(rng, init.a(), init.b());
      case XAVIER -> {
        double r = Math.sqrt(6.0 / (nIn + nOut));
        yield uniform(rng, -r, r);
      }
      case NORMAL -> init.a() + init.b() * Draws.gaussian(rng);
    };
  }

  private static double drawBias(InitSpec init, SplittableRandom rng, int nIn) {
    return switch (init.kind()) {
      case TORCH_DEFAULT -> uniform(rng, -1 / Math.sqrt(nIn), 1 / Math.sqrt(nIn));
      case UNIFORM -> uniform(rng, init.a(), init.b());
      case XAVIER, NORMAL -> 0.0;
    };
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  public static IUpdater updater(ExperimentSpec spec) {
    double lr = spec.lr();
    return switch (spec.optimizer()) {
      case "sgd" -> new Sgd(lr);
      case "nesterov" -> new Nesterovs(lr, spec.real("optimizer.momentum"));
      case "adam" -> new Adam(lr, spec.real("optimizer.beta1"), spec.real("optimizer.beta2"),
          spec.real("optimizer.epsilon"));
      case "rmsprop" -> new RmsProp(lr, spec.real("optimizer.beta2"), spec.real("optimizer.epsilon"));
      case "adagrad" -> new AdaGrad(lr, spec.real("optimizer.epsilon"));
      default -> throw new IllegalArgumentException("optimizer " + spec.optimizer());
    };
  }

  public static Activation activation(String name) {
    return switch (name) {
      case "sigmoid" -> Activation.SIGMOID;
      case "relu" -> Activation.RELU;
      case "tanh" -> Activation.TANH;
      case "leakyrelu" -> Activation.LEAKYRELU;
      case "identity" -> Activation.IDENTITY;
      case "softmax" -> Activation.SOFTMAX;
      default -> throw new IllegalArgumentException("activation " + name);
    };
  }

  public static ILossFunction lossFunction(String name) {
    return switch (name) {
      case "bce" -> new LossBinaryXENT(BCE_CLIP);
      case "mse" -> new LossMSE();
      case "sse" -> new LossL2();
      case "cross-entropy" -> new LossMCXENT();
      default -> throw new IllegalArgumentException("loss " + name);
    };
  }
}
