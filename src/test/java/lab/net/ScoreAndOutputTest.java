package lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The one-pass loss and outputs of a set give the very bits of DL4J's score(set, false) and
 * output(features, false), for the output layers and losses the experiments use, with and
 * without regularization, in float and double, for one hidden layer and for none.
 */
class ScoreAndOutputTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(DataType.FLOAT, Activation.SIGMOID, LossFunction.SQUARED_LOSS, 0.0, 1),
        Arguments.of(DataType.FLOAT, Activation.SOFTMAX, LossFunction.MCXENT, 1e-3, 1),
        Arguments.of(DataType.DOUBLE, Activation.SIGMOID, LossFunction.XENT, 0.0, 1),
        Arguments.of(DataType.FLOAT, Activation.IDENTITY, LossFunction.MSE, 1e-2, 1),
        Arguments.of(DataType.FLOAT, Activation.SIGMOID, LossFunction.XENT, 0.0, 0));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sameBitsAsDl4jsTwoPasses(DataType type, Activation out, LossFunction loss, double l2,
      int hidden) {
    int nIn = 30;
    int nOut = out == Activation.SOFTMAX ? 10 : (loss == LossFunction.XENT ? 1 : 3);
    NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7)
        .dataType(type).updater(new Sgd(0.5)).l2(l2).list();
    if (hidden > 0) {
      b.layer(new DenseLayer.Builder().nIn(nIn).nOut(17).activation(Activation.SIGMOID).build());
    }
    b.layer(new OutputLayer.Builder(loss).nIn(hidden > 0 ? 17 : nIn).nOut(nOut)
        .activation(out).build());
    MultiLayerConfiguration conf = b.build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(type, 257, nIn);
    INDArray y;
    if (nOut == 10) {
      int[] rows = new int[257];
      for (int i = 0; i < rows.length; i++) rows[i] = (i * 7) % 10;
      y = Nd4j.eye(10).castTo(type).getRows(rows);
    } else {
      y = Nd4j.rand(type, 257, nOut).gt(0.5).castTo(type);
    }
    DataSet set = new DataSet(x, y);
    for (int i = 0; i < 5; i++) net.fit(set); // away from the initial weights

    ScoreAndOutput.Result r = ScoreAndOutput.of(net, set);
    double score = net.score(set, false);
    INDArray output = net.output(x, false);
    assertEquals(Double.doubleToLongBits(score), Double.doubleToLongBits(r.score()),
        "score " + score + " vs " + r.score());
    assertEquals(output.dataType(), r.output().dataType());
    assertTrue(output.equalShapes(r.output()));
    double[] o = r.output().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] ac = output.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < ac.length; i++) {
      assertEquals(Double.doubleToLongBits(ac[i]), Double.doubleToLongBits(o[i]), "output " + i);
    }
    assertTrue(ac.length > 0 && score > 0);
  }
}
