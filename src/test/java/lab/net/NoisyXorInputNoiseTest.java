package lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** model.input_noise: Gaussian noise on the first layer's input, in training passes only. */
class NoisyXorInputNoiseTest {

  private static ExperimentSpec spec(String... overrides) {
    return SpecLoader.load(Path.of("experiments/noisy-xor-noisy-input.yaml"),
        List.of(overrides));
  }

  private static BaseLayer layerConf(MultiLayerNetwork net, int l) {
    return (BaseLayer) net.getLayerWiseConfigurations().getConf(l).getLayer();
  }

  @Test
  void onlyTheFirstLayerGetsTheNoise() {
    MultiLayerNetwork net = NetworkFactory.build(spec(), 2, 1);
    SeededGaussianNoise noise =
        assertInstanceOf(SeededGaussianNoise.class, layerConf(net, 0).getIDropout());
    assertEquals(0.07, noise.getStddev());
    assertNull(layerConf(net, 1).getIDropout());
    assertNull(layerConf(net, 2).getIDropout());

    MultiLayerNetwork logistic = NetworkFactory.build(spec("model.hidden=[]"), 2, 1);
    assertInstanceOf(SeededGaussianNoise.class, layerConf(logistic, 0).getIDropout());
    MultiLayerNetwork clean = NetworkFactory.build(spec("model.input_noise=0"), 2, 1);
    assertNull(layerConf(clean, 0).getIDropout());
  }

  @Test
  void predictionsAreCleanAndTrainingPassesAreNoisy() {
    MultiLayerNetwork noisy = NetworkFactory.build(spec(), 2, 1);
    MultiLayerNetwork clean = NetworkFactory.build(spec("model.input_noise=0"), 2, 1);
    INDArray x = Nd4j.create(new double[][] {{0.5, 0.5}, {-0.3, 0.8}, {0.9, -0.1}, {-0.6, -0.7}})
        .castTo(DataType.FLOAT);
    INDArray before = x.dup();

    INDArray predicted = noisy.output(x, false);
    assertEquals(clean.output(x, false), predicted, "same parameters, no noise at inference");
    assertEquals(predicted, noisy.output(x, false), "inference is repeatable");

    INDArray training = noisy.output(x, true);
    assertNotEquals(predicted, training, "a training pass sees noisy inputs");
    assertEquals(before, x, "the data itself is not changed");
    // Noise of stddev 0.07 moves a small network's output by a little, not wholesale.
    double maxShift = training.sub(predicted).amaxNumber().doubleValue();
    assertEquals(0, maxShift, 0.2);
  }

  @Test
  void theTrainingNoiseIsTheSameForTheSameSeed() {
    INDArray x = Nd4j.create(new double[][] {{0.5, 0.5}, {-0.3, 0.8}}).castTo(DataType.FLOAT);
    INDArray first = NetworkFactory.build(spec(), 2, 1).output(x, true);
    INDArray second = NetworkFactory.build(spec(), 2, 1).output(x, true);
    assertEquals(first, second);
  }
}
