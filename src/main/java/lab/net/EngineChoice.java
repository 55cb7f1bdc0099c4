package lab.net;

import java.util.List;
import lab.data.RowCopy;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What trains a run: {@code engine} is the engine that actually runs ({@code dl4j} or
 * {@code dl4j-stock}), {@code substitutions} the ND4J/DL4J parts the project replaced in it (empty
 * for a stock run in a stock process), {@code fallback} why a {@code dl4j} run fell back to stock
 * DL4J (null when it did not).
 */
public record EngineChoice(String engine, List<String> substitutions, String fallback,
    FastPath fast) {

  public boolean isFast() {
    return fast != null;
  }

  /** A network of {@code conf}: the fast path's, or DL4J's own MultiLayerNetwork. */
  public MultiLayerNetwork newNetwork(MultiLayerConfiguration conf) {
    return fast != null ? fast.newNetwork(conf) : new MultiLayerNetwork(conf);
  }

  /**
   * An initialized stacked network of {@code copies} copies (see {@link StackedNetwork}); only the
   * fast path computes each copy as its own network would, so only it can.
   */
  public MultiLayerNetwork newStackedNetwork(MultiLayerConfiguration conf, int copies) {
    if (fast == null) throw new IllegalStateException("stacking needs the CPU fast path");
    return fast.newStackedNetwork(conf, copies);
  }

  /** How minibatch rows are gathered: the fast path's bulk copy, or ND4J's pullRows. */
  public RowCopy rowCopy() {
    return fast != null ? fast::copyRows : RowCopy.ND4J;
  }
}
