package lab.data;

import java.util.function.Consumer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Hands the trainer one epoch's minibatches, in the order they are to be fitted. A batch is only
 * valid during the {@code fit} call it is handed to (a source may refill the same arrays for the
 * next one): copy it to keep it.
 */
@FunctionalInterface
public interface BatchSource {
  void forEachBatch(int epoch, Consumer<DataSet> fit);

  /** The whole data set as one batch every epoch (full-batch gradient descent). */
  static BatchSource fullBatch(DataSet data) {
    return (epoch, fit) -> fit.accept(data);
  }
}
