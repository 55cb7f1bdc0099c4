package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.TestSpecs;
import lab.core.UserError;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;

/** The mnist-only spec keys: where they apply, and what model.dropout builds. */
class MnistSpecTest {

  @Test
  void dropoutDropsHiddenOutputsNeverPixels() {
    ExperimentSpec spec = TestSpecs.fromYaml("experiment: mnist\n"
        + "model: {hidden: [8, 4], activation: relu, output: softmax, dropout: 0.25}\n"
        + "loss: cross-entropy\n");
    MultiLayerConfiguration conf = NetworkFactory.configuration(spec, 784, 10);
    assertNull(((BaseLayer) conf.getConf(0).getLayer()).getIDropout());
    for (int l = 1; l <= 2; l++) {
      Dropout d = (Dropout) ((BaseLayer) conf.getConf(l).getLayer()).getIDropout();
      assertEquals(0.75, d.getP(), 1e-12, "layer " + l + " keeps 75% of its inputs");
    }
  }

  @Test
  void mnistKeysDoNotApplyToXor() {
    UserError e = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor\nmodel: {dropout: 0.5}\n"));
    assertTrue(e.getMessage().contains("model.dropout: does not apply to experiment xor"),
        e.getMessage());
    assertThrows(UserError.class, () -> TestSpecs.fromYaml("experiment: xor\ndata: {valid_size: 10}\n"));
  }

  @Test
  void outOfRangeValuesAreRejected() {
    assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: mnist\ndata: {valid_size: 60000}\n"));
    assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: mnist\nmodel: {dropout: 1}\n"));
  }
}
