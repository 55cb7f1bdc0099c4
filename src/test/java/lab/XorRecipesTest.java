package lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each XOR recipe of the seed notes, in full, on its committed seed reaches the notes' classes. */
class XorRecipesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // spec, a bound about 3-5 times the final loss of the seed note's own run
      "xor-2-2-1-sgd, 0.004",
      "xor-deep-sgd, 0.0005",
      "xor-2-2-1-adam, 0.1",
      "xor-3hidden, 0.0001"})
  void recipeLearnsXor(String name, double maxLoss, @TempDir Path results) {
    ExperimentSpec spec = TestSpecs.project(name, "log_every=0", "record_every=1000");
    Map<String, Object> summary = XorResultTest.run(spec, results);
    assertArrayEquals(new int[] {0, 1, 1, 0}, (int[]) summary.get("predicted_classes"), name);
    double loss = (Double) summary.get("final_train_loss");
    assertTrue(loss < maxLoss, name + " final loss " + loss + " not below " + maxLoss);
  }
}
