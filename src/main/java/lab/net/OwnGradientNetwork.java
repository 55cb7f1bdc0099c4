package lab.net;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;

/**
 * DL4J's MultiLayerNetwork, handing its optimizer the gradient as its own flattened gradient
 * array (see {@link GradientView}), so that the updater takes its direct path instead of the one
 * for external gradients. Same updates, fewer ops per step.
 */
public final class OwnGradientNetwork extends MultiLayerNetwork {

  public OwnGradientNetwork(MultiLayerConfiguration conf) {
    super(conf);
  }

  @Override
  public Pair<Gradient, Double> gradientAndScore() {
    Pair<Gradient, Double> p = super.gradientAndScore();
    Gradient g = p.getFirst();
    return g == null || getFlattenedGradients() == null ? p
        : new Pair<>(new GradientView(g, getFlattenedGradients()), p.getSecond());
  }
}
