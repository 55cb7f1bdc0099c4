package lab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.RelativeDifference;
import lab.TestSpecs;
import lab.experiment.Experiment;
import lab.experiment.XorExperiment;
import lab.spec.ExperimentSpec;
import lab.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Networks stacked into one train as they train alone: same start, own gradients, no leaks. */
class StackedNetworkTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /** Unequal widths, so that a block misplaced by a row or column would show. */
  private static final String ADAM = """
      experiment: xor
      model: {hidden: [3, 2]}
      optimizer: {name: adam, lr: 0.1}
      epochs: 300
      log_every: 0
      record_every: 10
      """;

  private static List<ExperimentSpec> seeds(String yaml, int n, String... overrides) {
    List<ExperimentSpec> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      List<String> o = new ArrayList<>(List.of(overrides));
      o.add("seed=" + s);
      out.add(TestSpecs.fromYaml(yaml, o.toArray(String[]::new)));
    }
    return out;
  }

  @Test
  void everyCopyStartsFromItsOwnSeedsWeights() {
    List<ExperimentSpec> specs = seeds(ADAM, 3);
    StackedNetwork stacked = NetworkFactory.buildStacked(specs, 2, 1);
    for (int k = 0; k < specs.size(); k++) {
      INDArray alone = NetworkFactory.build(specs.get(k), 2, 1).params();
      assertEquals(alone, stacked.copy(k).params(), "copy " + k);
    }
    assertEquals(0.0, stacked.largestOffDiagonalWeight());
  }

  /** For every updater: a gradient that is always 0 gives an update of exactly 0. */
  @Test
  void weightsBetweenCopiesStayExactlyZero() {
    for (String optimizer : List.of("sgd", "nesterov", "adam", "rmsprop", "adagrad")) {
      StackedNetwork stacked =
          NetworkFactory.buildStacked(seeds(ADAM, 4, "optimizer.name=" + optimizer), 2, 1);
      DataSet batch = stacked.stack(XorExperiment.dataSet(false));
      MultiLayerNetwork net = stacked.network();
      // The gradient DL4J computes for a weight between copies is not zero: the mask is needed.
      net.setInput(batch.getFeatures());
      net.setLabels(batch.getLabels());
      net.computeGradientAndScore();
      assertTrue(stacked.largestOffDiagonal(net.getGradientsViewArray()) > 0, optimizer);
      for (int step = 0; step < 200; step++) net.fit(batch);
      assertEquals(0.0, stacked.largestOffDiagonalWeight(), optimizer);
    }
  }

  /** Each copy's loss and accuracy, from the stacked outputs, are DL4J's score of its network. */
  @Test
  void copyMetricsAreDl4jsScoreOfTheCopysOwnNetwork() {
    for (String loss : List.of("bce", "mse", "sse")) {
      StackedNetwork stacked = NetworkFactory.buildStacked(seeds(ADAM, 3, "loss=" + loss), 2, 1);
      DataSet data = XorExperiment.dataSet(false);
      DataSet batch = stacked.stack(data);
      for (int step = 0; step < 50; step++) stacked.network().fit(batch);
      List<double[]> rows = stacked.evaluate(50, Trainer.sets("train", data));
      for (int k = 0; k < stacked.size(); k++) {
        double[] alone = Trainer.evaluate(stacked.copy(k), 50, Trainer.sets("train", data));
        assertArrayEquals(alone, rows.get(k), loss + " copy " + k);
      }
    }
  }

  /**
   * In double precision the stacked and the lone runs agree to rounding: the only possible
   * difference is how BLAS rounds a copy's dot products in a wider product (see the README's
   * batched sweeps). Measured here: identical losses (difference 0); the bound leaves room for a
   * BLAS that rounds otherwise.
   */
  @Test
  void trainsAsOneByOneInDoublePrecision(@TempDir Path dir) {
    List<ExperimentSpec> specs = seeds(ADAM, 4, "dtype=double");
    XorExperiment xor = new XorExperiment();
    List<Experiment.Run> together = xor.trainTogether(specs, QUIET);
    double worst = 0;
    for (int k = 0; k < specs.size(); k++) {
      Experiment.Run alone = xor.train(specs.get(k), dir, QUIET);
      worst = Math.max(worst, RelativeDifference.largest(
          alone.outcome().metrics().column("train_loss"),
          together.get(k).outcome().metrics().column("train_loss")));
      assertArrayEquals(alone.outcome().metrics().column("train_accuracy"),
          together.get(k).outcome().metrics().column("train_accuracy"));
    }
    System.out.println("stacked vs one by one, double: largest relative loss difference " + worst);
    assertTrue(worst <= 1e-9, "largest relative difference " + worst);
  }
}
