package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import lab.TestSpecs;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * FastUpdate is in place in the fast path's networks: their updater divides in Java, SGD's and
 * Adam's blocks update in Java, and the optimizer's step subtracts in Java; the Java Adam gives
 * DL4J's bits. That whole training steps stay DL4J's is OwnGradientNetworkTest's,
 * StackedNetworkTest's and EngineEquivalenceTest's to show.
 */
class FastUpdateTest {

  private static Object stepFunction(MultiLayerNetwork net) throws ReflectiveOperationException {
    Field field = BaseOptimizer.class.getDeclaredField("stepFunction");
    field.setAccessible(true);
    return field.get(net.getOptimizer());
  }

  /**
   * The Java Adam against DL4J's AdamUpdater (libnd4j's op), from the same state, step after
   * step: the update, m and v to the bit, over the first 3,000 iterations and some far later
   * ones, for the default and other rates, gradients spread over many magnitudes, always +0
   * (m and v stay 0) or now and then -0.
   */
  @ParameterizedTest
  @CsvSource({"0.01, 0.9, 0.999, 1e-8, 0", "0.1, 0.9, 0.999, 1e-8, 0", "0.003, 0.8, 0.99, 1e-6, 0",
      "0.01, 0.9, 0.999, 1e-8, 100000", "0.01, 0.9, 0.999, 1e-8, 16000000"})
  void javaAdamIsDl4jsAdam(double lr, double beta1, double beta2, double epsilon, int first) {
    Adam config = new Adam(lr, beta1, beta2, epsilon);
    int n = 300;
    INDArray dl4jState = Nd4j.create(DataType.FLOAT, 1, 2 * n);
    INDArray javaState = Nd4j.create(DataType.FLOAT, 1, 2 * n);
    GradientUpdater<?> dl4j = config.instantiate(dl4jState, true);
    FastUpdate.JavaAdam ours = new FastUpdate.JavaAdam(
        (AdamUpdater) config.instantiate(javaState, true));
    Random random = new Random(3);
    int steps = first == 0 ? 3000 : 200;
    for (int t = first; t < first + steps; t++) {
      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        double spread = Math.exp(4 * random.nextGaussian());
        // Gradients always +0 (as between a stack's copies), sometimes -0, or spread out.
        g[i] = i % 17 == 0 ? 0f : i % 23 == 0 && t % 2 == 0 ? -0f
            : (float) (random.nextGaussian() * spread);
      }
      INDArray expected = Nd4j.createFromArray(new float[][] {g});
      INDArray got = Nd4j.createFromArray(new float[][] {g});
      dl4j.applyUpdater(expected, t, 0);
      ours.applyUpdater(got, t, 0);
      assertArrayEquals(FloatBits.of(expected), FloatBits.of(got), "update at iteration " + t);
      assertArrayEquals(FloatBits.of(dl4jState), FloatBits.of(javaState),
          "m and v at iteration " + t);
    }
  }

  /** Iterations whose power ND4J's float exponent cannot hold exactly are left to DL4J's op. */
  @Test
  void javaAdamLeavesHugeIterationsToDl4j() {
    Adam config = new Adam(0.01, 0.9, 0.999, 1e-8);
    INDArray dl4jState = Nd4j.create(DataType.FLOAT, 1, 16); // m and v of 8 parameters
    INDArray javaState = Nd4j.create(DataType.FLOAT, 1, 16);
    GradientUpdater<?> dl4j = config.instantiate(dl4jState, true);
    FastUpdate.JavaAdam ours = new FastUpdate.JavaAdam(
        (AdamUpdater) config.instantiate(javaState, true));
    for (int t : new int[] {Powers.MAX_EXPONENT - 2, Powers.MAX_EXPONENT - 1,
        Powers.MAX_EXPONENT}) {
      INDArray expected = Nd4j.createFromArray(new float[][] {{1, -2, 3, 0, 5, -6, 7, 8}});
      INDArray got = expected.dup();
      dl4j.applyUpdater(expected, t, 0);
      ours.applyUpdater(got, t, 0);
      assertArrayEquals(FloatBits.of(expected), FloatBits.of(got), "update at iteration " + t);
    }
  }

  private static MultiLayerNetwork xor(String optimizer) {
    ExperimentSpec spec = TestSpecs.fromYaml("experiment: xor\nmodel: {hidden: [2, 2]}\n"
        + "optimizer: {name: " + optimizer + ", lr: 0.1}\nepochs: 10\n");
    return NetworkFactory.build(spec, 2, 1);
  }

  @Test
  void sgdNetworksUpdateInJava() throws ReflectiveOperationException {
    MultiLayerNetwork net = xor("sgd");
    assertInstanceOf(FastUpdate.Updater.class, net.getUpdater());
    int blocks = 0;
    for (UpdaterBlock block : ((FastUpdate.Updater) net.getUpdater()).getUpdaterBlocks()) {
      assertInstanceOf(FastUpdate.JavaSgd.class, block.getGradientUpdater());
      blocks++;
    }
    assertEquals(1, blocks);
    assertInstanceOf(FastUpdate.Step.class, stepFunction(net));
  }

  @Test
  void adamUpdatesInJavaAndStepsInJava() throws ReflectiveOperationException {
    MultiLayerNetwork net = xor("adam");
    for (UpdaterBlock block : ((FastUpdate.Updater) net.getUpdater()).getUpdaterBlocks()) {
      assertInstanceOf(FastUpdate.JavaAdam.class, block.getGradientUpdater());
    }
    assertInstanceOf(FastUpdate.Step.class, stepFunction(net));
    // Installing again (DL4J's init can run twice) keeps it in place.
    assertTrue(FastUpdate.install(net));
    assertInstanceOf(FastUpdate.Step.class, stepFunction(net));
  }
}
