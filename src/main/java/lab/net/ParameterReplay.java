package lab.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recomputes a dense network's output from stored parameters with plain Java arithmetic, no
 * DL4J: seed note 000's last cell, and what redraws output charts without retraining.
 */
public final class ParameterReplay {

  /** One dense layer in DL4J's orientation: {@code w[in][out]}, {@code b[out]}. */
  public record Dense(double[][] w, double[] b) {}

  private final List<Dense> layers;
  private final String hiddenActivation;
  private final String outputActivation;

  public ParameterReplay(List<Dense> layers, String hiddenActivation, String outputActivation) {
    this.layers = List.copyOf(layers);
    this.hiddenActivation = hiddenActivation;
    this.outputActivation = outputActivation;
  }

  /** Reads the {@code parameters} list of a summary.json: [{"W": [[...]], "b": [...]}, ...]. */
  @SuppressWarnings("unchecked")
  public static List<Dense> fromSummary(Object parameters) {
    List<Dense> out = new ArrayList<>();
    for (Object layer : (List<Object>) parameters) {
      Map<String, Object> m = (Map<String, Object>) layer;
      List<List<Number>> w = (List<List<Number>>) m.get("W");
      List<Number> b = (List<Number>) m.get("b");
      double[][] wa = new double[w.size()][];
      for (int i = 0; i < w.size(); i++) {
        wa[i] = w.get(i).stream().mapToDouble(Number::doubleValue).toArray();
      }
      out.add(new Dense(wa, b.stream().mapToDouble(Number::doubleValue).toArray()));
    }
    return out;
  }

  public double[] output(double[] input) {
    double[] a = input;
    for (int l = 0; l < layers.size(); l++) {
      Dense d = layers.get(l);
      double[] z = d.b().clone();
      for (int i = 0; i < a.length; i++) {
        for (int o = 0; o < z.length; o++) z[o] += a[i] * d.w()[i][o];
      }
      a = activate(l == layers.size() - 1 ? outputActivation : hiddenActivation, z);
    }
    return a;
  }

  static double[] activate(String name, double[] z) {
    double[] a = new double[z.length];
    switch (name) {
      case "sigmoid" -> {
        for (int i = 0; i < z.length; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      }
      case "tanh" -> {
        for (int i = 0; i < z.length; i++) a[i] = Math.tanh(z[i]);
      }
      case "relu" -> {
        for (int i = 0; i < z.length; i++) a[i] = Math.max(0, z[i]);
      }
      case "leakyrelu" -> {
        // DL4J's default slope for negative inputs.
        for (int i = 0; i < z.length; i++) a[i] = z[i] >= 0 ? z[i] : 0.01 * z[i];
      }
      case "identity" -> System.arraycopy(z, 0, a, 0, z.length);
      case "softmax" -> {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < z.length; i++) sum += a[i] = Math.exp(z[i] - max);
        for (int i = 0; i < z.length; i++) a[i] /= sum;
      }
      default -> throw new IllegalArgumentException("activation " + name);
    }
    return a;
  }
}
