package lab.fast;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's gradient whose {@link #gradient()} is the network's own flattened gradient array,
 * not a reshaped copy of its view as DL4J 1.0.0-M2.1's DefaultGradient returns. DL4J's updater
 * compares that array with the network's by identity to tell its own gradient from an external
 * one (another network's); the copy made every step look external, and the external path
 * rebuilds views of every parameter and of the minibatch division each step. The elements and
 * the arithmetic on them are the same either way.
 */
final class GradientView implements Gradient {
  private final Gradient gradient;
  private final INDArray flattened;

  GradientView(Gradient gradient, INDArray flattened) {
    this.gradient = gradient;
    this.flattened = flattened;
  }

  @Override
  public INDArray gradient() {
    return flattened;
  }

  @Override
  public Map<String, INDArray> gradientForVariable() {
    return gradient.gradientForVariable();
  }

  @Override
  public INDArray gradient(List<String> order) {
    return gradient.gradient(order);
  }

  @Override
  public void clear() {
    gradient.clear();
  }

  @Override
  public INDArray getGradientFor(String variable) {
    return gradient.getGradientFor(variable);
  }

  @Override
  public INDArray setGradientFor(String variable, INDArray g) {
    return gradient.setGradientFor(variable, g);
  }

  @Override
  public INDArray setGradientFor(String variable, INDArray g, Character flatteningOrder) {
    return gradient.setGradientFor(variable, g, flatteningOrder);
  }

  @Override
  public Character flatteningOrderForVariable(String variable) {
    return gradient.flatteningOrderForVariable(variable);
  }
}
