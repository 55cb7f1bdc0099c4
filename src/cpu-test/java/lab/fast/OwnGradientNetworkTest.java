package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import lab.TestSpecs;
import lab.net.NetworkFactory;
import lab.net.ScoreAndOutput;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network the suite trains (OwnGradientNetwork, with RememberingDenseLayer and
 * RememberingOutputLayer) against DL4J's own
 * MultiLayerNetwork of the same configuration and start: every parameter equal to the bit after
 * each step, for the recipes whose layers take the shortcuts (sigmoid, relu, softmax, dropout,
 * SGD and Adam).
 */
class OwnGradientNetworkTest {

  /** Trains both; returns how many layer backprops took the Java sigmoid loops. */
  private static int assertSameTraining(ExperimentSpec spec, int nIn, int nOut, DataSet batch,
      int steps) {
    MultiLayerNetwork ours = NetworkFactory.build(spec, nIn, nOut);
    MultiLayerNetwork dl4j = new MultiLayerNetwork(NetworkFactory.configuration(spec, nIn, nOut));
    dl4j.init(ours.params().dup(), false);
    assertInstanceOf(OwnGradientNetwork.class, ours);
    for (int i = 0; i < ours.getnLayers() - 1; i++) {
      assertInstanceOf(RememberingDenseLayer.class, ours.getLayer(i), "layer " + i);
    }
    assertInstanceOf(RememberingOutputLayer.class, ours.getOutputLayer());
    assertInstanceOf(FastUpdate.Updater.class, ours.getUpdater());
    INDArray start = ours.params().dup();
    for (int s = 0; s < steps; s++) {
      // Dropout draws its masks from ND4J's global generator: the same draws for both.
      Nd4j.getRandom().setSeed(1000 + s);
      ours.fit(batch);
      Nd4j.getRandom().setSeed(1000 + s);
      dl4j.fit(batch);
      assertEquals(dl4j.params(), ours.params(), "parameters after step " + (s + 1));
      assertEquals(dl4j.score(), ours.score(), 0.0, "loss at step " + (s + 1));
    }
    assertNotEquals(start, ours.params(), "training moved the parameters");
    // Outside a gradient computation the layers are DL4J's: same inference,
    assertEquals(dl4j.output(batch.getFeatures()), ours.output(batch.getFeatures()));
    // and the same loss of a set (binary cross-entropy's from one pass).
    assertEquals(dl4j.score(batch, false), ours.score(batch, false), 0.0, "inference loss");
    // An evaluation-sized set (ND4J sums 60,000 squares or terms in blocks of its own).
    DataSet large = randomBatch(6000, (int) batch.getFeatures().size(1),
        (int) batch.getLabels().size(1), spec.isDouble(), 7);
    assertEquals(dl4j.score(large, false), ours.score(large, false), 0.0, "loss of a large set");
    // A metrics row's evaluation (lab.net.ScoreAndOutput): one forward pass for loss and output;
    // a sigmoid squared-error layer's loss reads the output of that pass.
    RememberingOutputLayer out = (RememberingOutputLayer) ours.getOutputLayer();
    int reusedBefore = out.evaluationOutputsReused;
    ScoreAndOutput.Result evaluated = ScoreAndOutput.of(ours, large);
    assertEquals(dl4j.score(large, false), evaluated.score(), 0.0, "evaluation loss");
    assertEquals(dl4j.output(large.getFeatures(), false), evaluated.output(), "evaluation output");
    org.deeplearning4j.nn.conf.layers.OutputLayer conf =
        (org.deeplearning4j.nn.conf.layers.OutputLayer) out.conf().getLayer();
    boolean sigmoidSquares = !spec.isDouble()
        && conf.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid
        && conf.getLossFn() instanceof org.nd4j.linalg.lossfunctions.impl.LossL2;
    assertEquals(reusedBefore + (sigmoidSquares ? 1 : 0), out.evaluationOutputsReused,
        "evaluation loss from the forward pass's output");
    int loops = ((RememberingOutputLayer) ours.getOutputLayer()).sigmoidLoopBackprops;
    for (int i = 0; i < ours.getnLayers() - 1; i++) {
      loops += ((RememberingDenseLayer) ours.getLayer(i)).sigmoidLoopBackprops;
    }
    return loops;
  }

  private static DataSet randomBatch(int rows, int nIn, int nOut, boolean isDouble, long seed) {
    DataType type = isDouble ? DataType.DOUBLE : DataType.FLOAT;
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(type, rows, nIn);
    INDArray y = Nd4j.zeros(type, rows, nOut);
    for (int r = 0; r < rows; r++) y.putScalar(r, r % nOut, 1.0);
    return new DataSet(x, y);
  }

  @Test
  void xorThreeHiddenLayersAdamStepsAreDl4jsToTheBit() {
    ExperimentSpec spec = TestSpecs.fromYaml("""
        experiment: xor
        model: {hidden: [2, 2, 2]}
        optimizer: {name: adam, lr: 0.01}
        seed: 5
        """);
    DataSet xor = new DataSet(
        Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
        Nd4j.createFromArray(new float[][] {{0}, {1}, {1}, {0}}));
    // Three sigmoid hidden layers and the sigmoid output's loss (BCE) in Java at each step.
    assertEquals(4 * 50, assertSameTraining(spec, 2, 1, xor, 50));
  }

  /**
   * MNIST-shaped recipes (64 inputs, 10 classes, batch 20) and how many layers per step take the
   * Java sigmoid loops: sigmoid SSE and MSE with SGD (hidden and output); two sigmoid layers whose
   * second drops its input in place (so the first keeps a copy of its output); the same in double
   * precision (no loops); tanh with MSE and identity with SSE (squared error in one pass, ND4J's
   * activations); binary cross-entropy of sigmoid outputs (the loss in Java) after sigmoid or
   * tanh layers, and in double precision (no loops); relu with dropout, softmax and cross-entropy with Adam; tanh, softmax and
   * cross-entropy with SGD.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "{hidden: [30]}|sse|{name: sgd, lr: 0.1}|2",
      "{hidden: [30]}|mse|{name: sgd, lr: 0.5}|2",
      "{hidden: [30, 20], dropout: 0.3}|sse|{name: sgd, lr: 0.1}|2",
      "{hidden: [30, 20], dropout: 0.3}|sse|{name: sgd, lr: 0.1}|0|double",
      "{hidden: [24], activation: tanh, output: tanh}|mse|{name: adam, lr: 0.01}|0",
      "{hidden: [24], output: identity}|sse|{name: sgd, lr: 0.05}|1",
      "{hidden: [30]}|bce|{name: adam, lr: 0.01}|2",
      "{hidden: [24], activation: tanh}|bce|{name: sgd, lr: 0.5}|1",
      "{hidden: [30]}|bce|{name: sgd, lr: 0.1}|0|double",
      "{hidden: [32, 16], activation: relu, output: softmax, dropout: 0.2}|cross-entropy"
          + "|{name: adam, lr: 0.001}|0",
      "{hidden: [24], activation: tanh, output: softmax}|cross-entropy|{name: sgd, lr: 0.5}|0"})
  void mnistShapedStepsAreDl4jsToTheBit(String recipe) {
    String[] part = recipe.split("\\|");
    String dtype = part.length > 4 ? "dtype: " + part[4] + "\n" : "";
    ExperimentSpec spec = TestSpecs.fromYaml("experiment: mnist\nbatch: 20\nmodel: " + part[0]
        + "\nloss: " + part[1] + "\noptimizer: " + part[2] + "\n" + dtype);
    int steps = 10;
    int loopLayersPerStep = Integer.parseInt(part[3]);
    assertEquals(loopLayersPerStep * steps,
        assertSameTraining(spec, 64, 10, randomBatch(20, 64, 10, spec.isDouble(), 3), steps));
  }

  /** Batches of changing size (an epoch's smaller last batch): sigmoid, squared error, SGD. */
  @Test
  void changingBatchSizesAreDl4jsToTheBit() {
    ExperimentSpec spec = TestSpecs.fromYaml("""
        experiment: mnist
        batch: 20
        model: {hidden: [30, 12]}
        loss: sse
        optimizer: {name: sgd, lr: 0.1}
        """);
    MultiLayerNetwork ours = NetworkFactory.build(spec, 64, 10);
    MultiLayerNetwork dl4j = new MultiLayerNetwork(NetworkFactory.configuration(spec, 64, 10));
    dl4j.init(ours.params().dup(), false);
    int[] sizes = {20, 7, 20, 1, 13, 20};
    for (int s = 0; s < sizes.length; s++) {
      DataSet batch = randomBatch(sizes[s], 64, 10, false, 10 + s);
      ours.fit(batch);
      dl4j.fit(batch);
      assertEquals(dl4j.params(), ours.params(), "parameters after a batch of " + sizes[s]);
      assertEquals(dl4j.score(), ours.score(), 0.0, "loss after a batch of " + sizes[s]);
    }
    assertEquals(sizes.length,
        ((RememberingOutputLayer) ours.getOutputLayer()).sigmoidLoopBackprops);
  }

  /** The ch. 11 recipe at its real shapes: 784-50-10, batch 100. */
  @Test
  void mnistCh11StepsAreDl4jsToTheBit() {
    ExperimentSpec spec = TestSpecs.fromYaml("""
        experiment: mnist
        batch: 100
        model: {hidden: [50]}
        init: normal(0,0.1)
        loss: sse
        optimizer: {name: sgd, lr: 0.1}
        """);
    DataSet batch = randomBatch(100, 784, 10, false, 4);
    assertEquals(2 * 10, assertSameTraining(spec, 784, 10, batch, 10));
  }
}
