package lab.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The scratch engine's hand-written gradients against DL4J's backprop, on random weights and
 * random batches in double precision: every parameter's gradient and the input's gradient agree
 * to a relative 1e-6, and DL4J's own gradients pass its GradientCheckUtil on the same networks.
 *
 * <p>DL4J's {@code calculateGradients} returns gradients of the loss summed over the minibatch,
 * while its score (and the scratch engine's loss) is the average; so DL4J's numbers are divided by
 * the batch size before the comparison.
 */
class ScratchGradientTest {
  static final double TOLERANCE = 1e-6;
  /** Differences below this are rounding noise around zero, not disagreement. */
  static final double ABS_FLOOR = 1e-12;
  static final int N_IN = 3;
  static final int BATCH = 5;

  private static DataType savedDefault;
  private static DataType savedFloating;

  @BeforeAll
  static void doublePrecision() {
    // GradientCheckUtil insists on double as ND4J's default type, not only the network's.
    savedDefault = Nd4j.dataType();
    savedFloating = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restore() {
    Nd4j.setDefaultDataTypes(savedDefault, savedFloating);
  }

  /** hidden activation, output activation, loss, number of outputs. */
  static Stream<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    // Every hidden activation, under a sigmoid + BCE output.
    for (String hidden : List.of("sigmoid", "tanh", "relu", "leakyrelu", "identity", "softmax")) {
      list.add(Arguments.of(hidden, "sigmoid", "bce", 2));
    }
    // Every loss, with the output activations it is used with.
    list.add(Arguments.of("tanh", "sigmoid", "bce", 1));
    list.add(Arguments.of("tanh", "sigmoid", "mse", 3));
    list.add(Arguments.of("tanh", "sigmoid", "sse", 3));
    list.add(Arguments.of("sigmoid", "identity", "mse", 3));
    list.add(Arguments.of("sigmoid", "identity", "sse", 3));
    list.add(Arguments.of("relu", "tanh", "mse", 2));
    list.add(Arguments.of("sigmoid", "softmax", "cross-entropy", 4));
    list.add(Arguments.of("tanh", "softmax", "mse", 3));
    return list.stream();
  }

  static ExperimentSpec specFor(String hidden, String output, String loss, long seed) {
    return ScratchTestSpecs.spec("model.hidden=[4, 3]", "model.activation=" + hidden,
        "model.output=" + output, "loss=" + loss, "init=uniform(-1, 1)", "seed=" + seed,
        "optimizer.name=sgd", "optimizer.lr=1.0");
  }

  @ParameterizedTest(name = "{0} hidden, {1} output, {2} loss, {3} outputs")
  @MethodSource("cases")
  void handWrittenGradientsEqualDl4js(String hidden, String output, String loss, int nOut) {
    for (long seed = 1; seed <= 3; seed++) {
      ExperimentSpec spec = specFor(hidden, output, loss, seed);
      SplittableRandom rng = new SplittableRandom(seed * 7919);
      INDArray x = ScratchTestSpecs.normal(rng, BATCH, N_IN);
      INDArray y = ScratchTestSpecs.labels(loss, rng, BATCH, nOut);

      MultiLayerNetwork net = NetworkFactory.build(spec, N_IN, nOut);
      ScratchNetwork scratch = ScratchNetwork.of(spec, net);
      double scratchLoss = scratch.computeGradients(x, y);
      double dl4jScore = net.score(new DataSet(x, y), false);
      assertEquals(dl4jScore, scratchLoss, 1e-12 * Math.abs(dl4jScore),
          "loss of " + spec.canonicalText());

      Pair<Gradient, INDArray> dl4j = net.calculateGradients(x, y, null, null);
      for (int l = 0; l < scratch.layers(); l++) {
        for (Parameter p : scratch.layer(l).parameters()) {
          INDArray summed = dl4j.getFirst().getGradientFor(l + "_" + p.name);
          INDArray averaged = summed.div(BATCH).reshape(p.grad.shape());
          double rel = ScratchTestSpecs.maxRelativeDifference(p.grad, averaged, ABS_FLOOR);
          assertTrue(rel < TOLERANCE, "dL/d" + p.name + " of layer " + l + " differs by " + rel
              + " (seed " + seed + ")\nscratch " + p.grad + "\nDL4J    " + averaged);
        }
      }
      INDArray dl4jInput = dl4j.getSecond().div(BATCH);
      double rel =
          ScratchTestSpecs.maxRelativeDifference(scratch.inputGradient(), dl4jInput, ABS_FLOOR);
      assertTrue(rel < TOLERANCE, "dL/dx differs by " + rel + " (seed " + seed + ")");
    }
  }

  @ParameterizedTest(name = "{0} hidden, {1} output, {2} loss, {3} outputs")
  @MethodSource("cases")
  void dl4jPassesItsOwnGradientCheck(String hidden, String output, String loss, int nOut) {
    ExperimentSpec spec = specFor(hidden, output, loss, 11);
    SplittableRandom rng = new SplittableRandom(104729);
    INDArray x = ScratchTestSpecs.normal(rng, BATCH, N_IN);
    INDArray y = ScratchTestSpecs.labels(loss, rng, BATCH, nOut);
    MultiLayerNetwork net = NetworkFactory.build(spec, N_IN, nOut);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
        .net(net).input(x).labels(y).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
        .exitOnFirstError(false));
    assertTrue(ok, "GradientCheckUtil failed for " + spec.canonicalText());
  }

  /** The comparison above can fail: a gradient off by 1e-5 relative is caught. */
  @Test
  void comparisonCatchesAWrongGradient() {
    ExperimentSpec spec = specFor("sigmoid", "sigmoid", "bce", 5);
    SplittableRandom rng = new SplittableRandom(3);
    INDArray x = ScratchTestSpecs.normal(rng, BATCH, N_IN);
    INDArray y = ScratchTestSpecs.labels("bce", rng, BATCH, 1);
    MultiLayerNetwork net = NetworkFactory.build(spec, N_IN, 1);
    ScratchNetwork scratch = ScratchNetwork.of(spec, net);
    scratch.computeGradients(x, y);
    INDArray dl4j = net.calculateGradients(x, y, null, null).getFirst()
        .getGradientFor("0_W").div(BATCH);
    INDArray wrong = scratch.layer(0).w.grad.dup();
    wrong.putScalar(1, 1, wrong.getDouble(1, 1) * (1 + 1e-5));
    assertTrue(ScratchTestSpecs.maxRelativeDifference(scratch.layer(0).w.grad, dl4j, ABS_FLOOR)
        < TOLERANCE);
    assertTrue(ScratchTestSpecs.maxRelativeDifference(wrong, dl4j, ABS_FLOOR) > TOLERANCE);
  }
}
