package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lab.TestSpecs;
import lab.experiment.XorExperiment;
import lab.net.NetworkFactory;
import lab.net.ScoreAndOutput;
import lab.net.StackedNetwork;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A stacked network's metrics from one forward pass (StackedScores) against each copy's own
 * network measured alone (ScoreAndOutput.of on StackedNetwork.copy): the same score and outputs
 * to the bit, at the start and along training, for every copy; and no answer (so the caller
 * measures copy by copy) for the networks it does not cover.
 */
class StackedScoresTest {

  private static List<ExperimentSpec> seeds(int n, String... overrides) {
    List<ExperimentSpec> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      List<String> o = new ArrayList<>(List.of(overrides));
      o.add("seed=" + (11 * s + 3));
      out.add(TestSpecs.fromYaml("""
          experiment: xor
          epochs: 1
          log_every: 0
          """, o.toArray(String[]::new)));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1} x{2}, {3} rows")
  @CsvSource({
      "'[3, 2]', adam, 7, 1", "'[2, 2, 2]', sgd, 20, 1", "'[2, 2, 2]', adam, 20, 1",
      "'[4]', sgd, 3, 5", "'[]', adam, 4, 1", "'[5, 3]', adam, 1, 2"})
  void everyCopysScoreAndOutputsAreThoseOfItsOwnNetwork(String hidden, String optimizer,
      int copies, int repeat) {
    List<ExperimentSpec> specs = seeds(copies, "model.hidden=" + hidden,
        "optimizer.name=" + optimizer, "optimizer.lr=" + (optimizer.equals("sgd") ? 0.9 : 0.1),
        "data.repeat=" + repeat);
    StackedNetwork stacked = NetworkFactory.buildStacked(specs, 2, 1);
    DataSet data = XorExperiment.dataSet(false, repeat);
    DataSet batch = stacked.stack(data);
    Set<Long> scores = new HashSet<>();
    int checked = 0;
    for (int step = 0; step <= 300; step++) {
      if (step % 60 == 0) {
        List<ScoreAndOutput.Result> fast = stacked.scoreCopies(data);
        assertNotNull(fast, "the one-pass evaluation did not apply");
        assertEquals(copies, fast.size());
        for (int k = 0; k < copies; k++) {
          String what = "copy " + k + " of " + copies + " at step " + step;
          ScoreAndOutput.Result alone = ScoreAndOutput.of(stacked.copy(k), data);
          assertEquals(Double.doubleToRawLongBits(alone.score()),
              Double.doubleToRawLongBits(fast.get(k).score()),
              what + ": score " + alone.score() + " vs " + fast.get(k).score());
          assertArrayEquals(alone.output().shape(), fast.get(k).output().shape(), what);
          assertArrayEquals(FloatBits.of(alone.output()), FloatBits.of(fast.get(k).output()),
              what + ": outputs");
          scores.add(Double.doubleToRawLongBits(fast.get(k).score()));
          checked++;
        }
      }
      stacked.network().fit(batch);
    }
    assertEquals(6 * copies, checked);
    // The copies and the steps differ: a check of one number against itself would pass too.
    assertNotEquals(1, scores.size(), "every copy at every step had the same score");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"dtype=double", "model.activation=relu", "loss=mse", "model.activation=tanh"})
  void otherNetworksAreLeftToTheCopyByCopyEvaluation(String override) {
    StackedNetwork stacked = NetworkFactory.buildStacked(seeds(3, override), 2, 1);
    assertNull(stacked.scoreCopies(XorExperiment.dataSet(override.equals("dtype=double"))),
        override);
  }
}
