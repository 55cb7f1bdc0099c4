package lab.fast;

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
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * FastUpdate is in place in the fast path's networks: their updater divides in Java, plain SGD's
 * blocks scale in Java, Adam's stay DL4J's, and the optimizer's step subtracts in Java. That the
 * numbers stay DL4J's is OwnGradientNetworkTest's and EngineEquivalenceTest's to show.
 */
class FastUpdateTest {

  private static Object stepFunction(MultiLayerNetwork net) throws ReflectiveOperationException {
    Field field = BaseOptimizer.class.getDeclaredField("stepFunction");
    field.setAccessible(true);
    return field.get(net.getOptimizer());
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
  void adamKeepsDl4jsUpdaterAndStillStepsInJava() throws ReflectiveOperationException {
    MultiLayerNetwork net = xor("adam");
    for (UpdaterBlock block : ((FastUpdate.Updater) net.getUpdater()).getUpdaterBlocks()) {
      assertInstanceOf(AdamUpdater.class, block.getGradientUpdater());
    }
    assertInstanceOf(FastUpdate.Step.class, stepFunction(net));
    // Installing again (DL4J's init can run twice) keeps it in place.
    assertTrue(FastUpdate.install(net));
    assertInstanceOf(FastUpdate.Step.class, stepFunction(net));
  }
}
