package lab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lab.TestSpecs;
import lab.experiment.Experiment;
import lab.experiment.XorExperiment;
import lab.results.MetricsTable;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Networks stacked into one train exactly as they train alone: same start, own gradients, no
 * leaks, and the very same bits of every metric and parameter, whatever the stack's size.
 */
class StackedNetworkTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /** Unequal widths, so that a block misplaced by a row or column would show. */
  private static final String RECIPE = """
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
    List<ExperimentSpec> specs = seeds(RECIPE, 3);
    StackedNetwork stacked = NetworkFactory.buildStacked(specs, 2, 1);
    for (int k = 0; k < specs.size(); k++) {
      INDArray alone = NetworkFactory.build(specs.get(k), 2, 1).params();
      assertEquals(alone, stacked.copy(k).params(), "copy " + k);
    }
    assertEquals(0.0, stacked.largestOffDiagonalWeight());
  }

  /**
   * For every updater: the products never write the gradient between copies, so it is exactly 0,
   * and so is every update of the weights between copies.
   */
  @Test
  void weightsBetweenCopiesStayExactlyZero() {
    for (String optimizer : List.of("sgd", "nesterov", "adam", "rmsprop", "adagrad")) {
      StackedNetwork stacked =
          NetworkFactory.buildStacked(seeds(RECIPE, 4, "optimizer.name=" + optimizer), 2, 1);
      DataSet batch = stacked.stack(XorExperiment.dataSet(false));
      MultiLayerNetwork net = stacked.network();
      for (int step = 0; step < 200; step++) net.fit(batch);
      net.setInput(batch.getFeatures());
      net.setLabels(batch.getLabels());
      net.computeGradientAndScore();
      assertTrue(net.getGradientsViewArray().amaxNumber().doubleValue() > 0, optimizer);
      assertEquals(0.0, stacked.largestOffDiagonal(net.getGradientsViewArray()), optimizer);
      assertEquals(0.0, stacked.largestOffDiagonalWeight(), optimizer);
    }
  }

  /** Without hidden layers the output layer reads the shared input: still each copy's bits. */
  @Test
  void aStackWithoutHiddenLayersTrainsAsAlone(@TempDir Path dir) {
    XorExperiment xor = new XorExperiment();
    List<ExperimentSpec> specs = seeds(RECIPE, 3, "model.hidden=[]", "epochs=100");
    List<Experiment.Run> together = xor.trainTogether(specs, QUIET);
    for (int k = 0; k < specs.size(); k++) {
      Experiment.Run alone = xor.train(specs.get(k), dir, QUIET);
      assertArrayEquals(alone.outcome().metrics().column("train_loss"),
          together.get(k).outcome().metrics().column("train_loss"), "copy " + k);
      assertEquals(json(alone.summaryExtras().get("parameters")),
          json(together.get(k).summaryExtras().get("parameters")), "copy " + k);
    }
  }

  /**
   * Every pair of float/double, SGD/Adam and sigmoid/ReLU appears (a pairwise cover, as the runs
   * take a while), and the sweeps' main recipe, float Adam sigmoid.
   */
  /** Parameters as JSON text: every double written so that it reads back to the same bits. */
  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> recipes() {
    return Stream.of(Arguments.of("float", "adam", "sigmoid"),
        Arguments.of("float", "sgd", "sigmoid"), Arguments.of("float", "adam", "relu"),
        Arguments.of("double", "sgd", "relu"), Arguments.of("double", "adam", "sigmoid"));
  }

  /**
   * Every copy of stacks of 1, 3, 7 and 21 networks gets the metrics (every recorded loss and
   * accuracy) and final parameters of its spec trained alone, to the bit: float and double, SGD
   * and Adam, sigmoid and ReLU hidden layers.
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("recipes")
  void everyCopyTrainsToTheBitAsAlone(String dtype, String optimizer, String activation,
      @TempDir Path dir) {
    XorExperiment xor = new XorExperiment();
    // SGD's rate is not 1, which would hide an update that misses its product by the rate.
    String[] set = {"dtype=" + dtype, "optimizer.name=" + optimizer,
        "model.activation=" + activation, "optimizer.lr=" + (optimizer.equals("sgd") ? 0.9 : 0.1)};
    List<ExperimentSpec> all = seeds(RECIPE, 21, set);
    List<Experiment.Run> alone = new ArrayList<>();
    for (ExperimentSpec spec : all) alone.add(xor.train(spec, dir, QUIET));
    int differentRuns = 0;
    for (int size : new int[] {1, 3, 7, 21}) {
      List<Experiment.Run> together = xor.trainTogether(all.subList(0, size), QUIET);
      for (int k = 0; k < size; k++) {
        String what = dtype + " " + optimizer + " " + activation + ", copy " + k + " of " + size;
        MetricsTable a = alone.get(k).outcome().metrics();
        MetricsTable t = together.get(k).outcome().metrics();
        assertEquals(a.columns(), t.columns(), what);
        for (String column : a.columns()) {
          assertArrayEquals(a.column(column), t.column(column), what + ": " + column);
        }
        assertEquals(json(alone.get(k).summaryExtras().get("parameters")),
            json(together.get(k).summaryExtras().get("parameters")), what);
        assertArrayEquals((double[]) alone.get(k).summaryExtras().get("predictions"),
            (double[]) together.get(k).summaryExtras().get("predictions"), what);
      }
    }
    // The seeds really train apart: a check comparing one network with itself would pass too.
    for (int k = 1; k < all.size(); k++) {
      double[] a = alone.get(0).outcome().metrics().column("train_loss");
      double[] b = alone.get(k).outcome().metrics().column("train_loss");
      if (a[a.length - 1] != b[b.length - 1]) differentRuns++;
    }
    assertTrue(differentRuns >= 19, differentRuns + " of 20 seeds differ from seed 0");
    assertFalse(alone.get(0).outcome().metrics().column("train_loss")[30]
        == alone.get(0).outcome().metrics().column("train_loss")[0], "seed 0 did not train");
  }
}
