package lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.experiment.XorExperiment;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's finite-difference check of the backprop gradients of the networks the XOR specs build. */
class XorGradientCheckTest {

  private static DataType previous;

  @BeforeAll
  static void doublePrecision() {
    previous = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restore() {
    Nd4j.setDefaultDataTypes(previous, previous);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "xor-2-2-1-sgd, bce", "xor-deep-sgd, bce", "xor-2-2-1-adam, bce", "xor-3hidden, bce",
      "xor-3hidden, mse", "xor-3hidden, sse"})
  void backpropMatchesFiniteDifferences(String name, String loss) {
    // GradientCheckUtil accepts only SGD with lr 1 (or no updater); it checks gradients, not steps.
    ExperimentSpec spec = TestSpecs.project(name, "dtype=double", "optimizer.name=sgd",
        "optimizer.lr=1.0", "loss=" + loss, "seed=5");
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    DataSet xor = XorExperiment.dataSet(true);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
        .net(net).input(xor.getFeatures()).labels(xor.getLabels())
        .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    assertTrue(ok, name + " with " + loss + ": analytic and numeric gradients differ");
  }
}
