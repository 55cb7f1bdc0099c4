package lab.train;

import java.util.List;
import lab.net.NetworkParameters;
import lab.net.ParameterReplay;
import lab.net.ScoreAndOutput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What the trainer needs of a network, so that DL4J's MultiLayerNetwork and the hand-written
 * engine of lab.scratch train through the same loop.
 */
public interface Model {
  /** One update from one minibatch. */
  void fit(DataSet batch);

  /** The loss of the minibatch last fitted, before its update. */
  double score();

  /** The loss on a whole set, averaged over its rows, without training. */
  double score(DataSet set);

  INDArray output(INDArray features);

  /**
   * {@link #score(DataSet)} and {@link #output(INDArray)} of a whole set together, with their
   * numbers; a DL4J network runs its forward pass once for both (lab.net.ScoreAndOutput).
   */
  default ScoreAndOutput.Result scoreAndOutput(DataSet set) {
    return new ScoreAndOutput.Result(score(set), output(set.getFeatures()));
  }

  /** Every layer's W and b, DL4J's orientation. */
  List<ParameterReplay.Dense> denseLayers();

  /** The DL4J network being trained, or null when it is not one (the scratch engine). */
  default MultiLayerNetwork network() {
    return null;
  }

  /**
   * A copy of what training changes in this network, as an action that puts it back; null when
   * the model cannot keep one (early stopping's restore_best is then refused before training).
   */
  default Runnable snapshot() {
    return null;
  }

  static Model of(MultiLayerNetwork net) {
    return new Model() {
      @Override
      public Runnable snapshot() {
        NetworkState state = NetworkState.of(net);
        return () -> state.restore(net);
      }

      @Override
      public MultiLayerNetwork network() {
        return net;
      }

      @Override
      public void fit(DataSet batch) {
        net.fit(batch);
      }

      @Override
      public double score() {
        return net.score();
      }

      @Override
      public double score(DataSet set) {
        return net.score(set, false);
      }

      @Override
      public INDArray output(INDArray features) {
        return net.output(features, false);
      }

      @Override
      public ScoreAndOutput.Result scoreAndOutput(DataSet set) {
        return ScoreAndOutput.of(net, set);
      }

      @Override
      public List<ParameterReplay.Dense> denseLayers() {
        return NetworkParameters.of(net);
      }
    };
  }
}
