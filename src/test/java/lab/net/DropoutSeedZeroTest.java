package lab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import lab.TestSpecs;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dropout masks come from ND4J's generator, which DL4J seeds with the spec's seed when a network
 * is built; ND4J reads a seed of 0 as "from the clock". A seed-0 run with dropout must still be
 * repeatable: two networks built and trained alike end with the same bits, with either DL4J
 * engine, and the same bits as each other.
 */
class DropoutSeedZeroTest {

  private static float[] trained(ExperimentSpec spec, DataSet batch) throws InterruptedException {
    Thread.sleep(3); // a clock-seeded generator would start elsewhere in each build
    MultiLayerNetwork net = NetworkFactory.build(spec, 784, 10);
    for (int i = 0; i < 5; i++) net.fit(batch);
    return net.params().toFloatVector();
  }

  private static DataSet batch() {
    SplittableRandom r = new SplittableRandom(7);
    float[][] x = new float[32][784];
    float[][] y = new float[32][10];
    for (int i = 0; i < 32; i++) {
      for (int j = 0; j < 784; j++) x[i][j] = (float) r.nextDouble(-1, 1);
      y[i][r.nextInt(10)] = 1;
    }
    return new DataSet(Nd4j.create(x), Nd4j.create(y));
  }

  @Test
  void aSeedZeroRunWithDropoutRepeatsItsBits() throws InterruptedException {
    DataSet batch = batch();
    ExperimentSpec fast = TestSpecs.project("mnist-modern", "seed=0", "model.hidden=[16,8]");
    ExperimentSpec stock = TestSpecs.project("mnist-modern", "seed=0", "model.hidden=[16,8]",
        "engine=dl4j-stock");
    float[] first = trained(fast, batch);
    assertArrayEquals(first, trained(fast, batch), "dl4j, seed 0, twice");
    assertArrayEquals(first, trained(stock, batch), "dl4j-stock, seed 0");
    ExperimentSpec noDropout = TestSpecs.project("mnist-modern", "seed=0", "model.hidden=[16,8]",
        "model.dropout=0");
    float[] clean = trained(noDropout, batch);
    assertFalse(java.util.Arrays.equals(first, clean), "dropout did act");
  }
}
