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

  /**
   * Reads the {@code parameters} list of a summary.json, [{"W": [[...]], "b": [...]}, ...], for a
   * network of {@code inputs} inputs: each layer's W has as many rows as the layer has inputs,
   * each row as many numbers as its b. Anything else is a {@link lab.core.UserError} naming the
   * entry (e.g. {@code parameters[1].W[0]}) and what belongs there, for the caller to put the
   * file before.
   */
  public static List<Dense> fromSummary(Object parameters, int inputs) {
    if (!(parameters instanceof List<?> layers) || layers.isEmpty()) {
      throw new lab.core.UserError("parameters: not a list of layers ({W: [[...]], b: [...]})");
    }
    List<Dense> out = new ArrayList<>();
    int in = inputs;
    for (int l = 0; l < layers.size(); l++) {
      String at = "parameters[" + l + "]";
      if (!(layers.get(l) instanceof Map<?, ?> m)) {
        throw new lab.core.UserError(at + ": not a layer ({W: [[...]], b: [...]})");
      }
      double[] b = numbers(m.get("b"), at + ".b", -1);
      if (!(m.get("W") instanceof List<?> rows) || rows.size() != in) {
        throw new lab.core.UserError(at + ".W: not a list of " + in + " rows (the layer's"
            + " inputs)");
      }
      double[][] w = new double[in][];
      for (int i = 0; i < in; i++) w[i] = numbers(rows.get(i), at + ".W[" + i + "]", b.length);
      out.add(new Dense(w, b));
      in = b.length;
    }
    return out;
  }

  /** A list of finite numbers ({@code size} of them, unless -1). */
  private static double[] numbers(Object list, String at, int size) {
    if (!(list instanceof List<?> values) || values.isEmpty()
        || (size >= 0 && values.size() != size)) {
      throw new lab.core.UserError(at + ": not a list of " + (size >= 0 ? size + " " : "")
          + "numbers");
    }
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      if (!(values.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw new lab.core.UserError(at + "[" + i + "]: " + values.get(i) + " is not a finite"
            + " number");
      }
      v[i] = n.doubleValue();
    }
    return v;
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
