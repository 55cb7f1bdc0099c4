package lab.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.results.Json;
import lab.results.ResultsFolder;
import lab.spec.ExperimentSpec;

/**
 * A {@link StepTrace} as text: on the console, as trace.md and as trace.json. The files go to
 * {@code results/<name>-trace/}, written atomically; not into {@code results/<name>/}, which the
 * run command replaces as a whole.
 */
public final class TraceReport {
  private TraceReport() {}

  /** results/NAME-trace: next to the run's own folder, which a rerun would replace. */
  public static Path folder(Path resultsRoot, String name) {
    return resultsRoot.resolve(name + "-trace");
  }

  public static void write(StepTrace t, ExperimentSpec spec, Path target) {
    try (ResultsFolder folder = ResultsFolder.begin(target)) {
      Json.write(folder.dir().resolve("trace.json"), json(t, spec));
      String md = "# One training step of " + t.name() + ", taken apart\n\n"
          + "Numbers from DL4J (`./lab trace " + t.name() + " --lr " + t.lr() + "`); see the "
          + "explanation line of each stage.\n\n```\n" + text(t) + "```\n";
      Files.writeString(folder.dir().resolve("trace.md"), md, StandardCharsets.UTF_8);
      folder.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Matrices larger than this are shown by their top-left corner. */
  static final int SHOWN_ROWS = 6;
  static final int SHOWN_COLUMNS = 10;
  /** Matrices with more numbers than this go into trace.json by shape and top-left corner. */
  static final int JSON_NUMBERS = 4096;

  /** The walkthrough, one explanation line per stage followed by its numbers. */
  public static String text(StepTrace t) {
    StringBuilder s = new StringBuilder();
    List<StepTrace.LayerTrace> layers = t.layers();
    int count = layers.size();
    int n = t.x().length;
    s.append("Batch: ").append(t.batch()).append(".\n");
    if (t.x()[0].length <= SHOWN_COLUMNS && t.y()[0].length <= SHOWN_COLUMNS) {
      s.append("Inputs X, one sample per row, and targets y:\n");
      s.append(indent(sideBySide(t.x(), t.y())));
    } else {
      s.append("Inputs X, one sample per row:\n").append(indent(matrix(t.x())));
      s.append("Targets y:\n").append(indent(matrix(t.y())));
    }
    if (t.noisy()) {
      s.append("Dropout or input noise is on: DL4J drew this step's masks or noise, and each z"
          + " below is computed from the layer's input as DL4J changed it\n(so not always from"
          + " the a shown above it).\n");
    }
    s.append("\n[0] Initial weights, DL4J's orientation: W is [inputs x units], z = a W + b.\n");
    for (StepTrace.LayerTrace l : layers) {
      s.append("  W").append(l.number()).append(" =\n").append(indent(matrix(l.w())));
      s.append("  b").append(l.number()).append(" = ").append(row(l.b())).append('\n');
    }
    s.append("\n[1] Forward pass, layer by layer (one row per sample).\n");
    for (StepTrace.LayerTrace l : layers) {
      String in = l.number() == 1 ? "X" : "a" + (l.number() - 1);
      s.append("  z").append(l.number()).append(" = ").append(in).append(" W").append(l.number())
          .append(" + b").append(l.number()).append(": each unit's weighted sum of its inputs\n")
          .append(indent(matrix(l.z())));
      s.append("  a").append(l.number()).append(" = ").append(l.activation()).append("(z")
          .append(l.number()).append(")").append(l.number() == count
              ? ": the network's output\n"
              : ": the hidden layer's output, bent by the activation\n")
          .append(indent(matrix(l.a())));
    }
    s.append(String.format(Locale.ROOT,
        "%n[2] Loss: %s averaged over the %d samples = %.6f%s%n", t.loss(), n, t.lossValue(),
        t.noisy() ? " (DL4J's score, without dropout or noise)" : ""));
    s.append("\n[3] Backward pass, from the output down (gradients of the averaged loss, so each"
        + " sample's share carries a 1/" + n + ").\n");
    for (int i = count - 1; i >= 0; i--) {
      StepTrace.LayerTrace l = layers.get(i);
      int k = l.number();
      if (k == count) {
        boolean simple = (l.activation().equals("sigmoid") && t.loss().equals("bce"))
            || (l.activation().equals("softmax") && t.loss().equals("cross-entropy"));
        s.append("  dL/dz").append(k).append(": how much each sample's output pre-activation"
            + " moves the loss").append(simple ? " (for this output and loss, (a - y)/" + n + ")"
                : "").append('\n');
      } else {
        s.append("  dL/da").append(k).append(" = dL/dz").append(k + 1).append(" W").append(k + 1)
            .append("^T: how much each hidden unit's output moves the loss\n")
            .append(indent(matrix(l.dLda())));
        s.append("  dL/dz").append(k).append(" = dL/da").append(k).append(" * ")
            .append(l.activation()).append("'(z").append(k).append("): through the activation\n");
      }
      s.append(indent(matrix(l.dLdz())));
      String in = k == 1 ? "X" : "a" + (k - 1);
      s.append("  dL/dW").append(k).append(" = ").append(in).append("^T dL/dz").append(k)
          .append(": each weight's input times the gradient at its unit, summed over samples\n")
          .append(indent(matrix(l.dLdW())));
      s.append("  dL/db").append(k).append(" = dL/dz").append(k)
          .append(" summed over samples = ").append(row(l.dLdb())).append('\n');
    }
    s.append('\n').append(stepExplanation(t));
    for (StepTrace.LayerTrace l : layers) {
      int k = l.number();
      for (Map.Entry<String, double[][]> e : l.wState().entrySet()) {
        s.append("  ").append(stateName(t, e.getKey())).append("(W").append(k).append(") =\n")
            .append(indent(matrix(e.getValue())));
      }
      s.append("  update of W").append(k).append(" =\n").append(indent(matrix(l.wUpdate())));
      s.append("  W").append(k).append(" after the step =\n").append(indent(matrix(l.wAfter())));
      for (Map.Entry<String, double[][]> e : l.bState().entrySet()) {
        s.append("  ").append(stateName(t, e.getKey())).append("(b").append(k).append(") = ")
            .append(row(e.getValue()[0])).append('\n');
      }
      s.append("  update of b").append(k).append(" = ").append(row(l.bUpdate())).append('\n');
      s.append("  b").append(k).append(" after the step = ").append(row(l.bAfter())).append('\n');
    }
    s.append(String.format(Locale.ROOT, "%n[5] Loss after the step, on the same batch: %.6f"
        + " (before %.6f, change %+.6g)%n", t.lossAfter(), t.lossValue(),
        t.lossAfter() - t.lossValue()));
    return s.toString();
  }

  /** What the optimizer does in this first step, with its settings. */
  static String stepExplanation(StepTrace t) {
    Map<String, Double> c = t.settings();
    String head = "[4] The step, by DL4J's own updater for optimizer " + t.optimizer() + " ("
        + settingsText(c) + "),\n    as fit() takes it; the update is subtracted: W := W - update."
        + "\n";
    return head + switch (t.optimizer()) {
      case "sgd" -> "    Plain gradient descent: update = lr dL/dW (and lr dL/db).\n";
      case "adam" -> String.format(Locale.ROOT, "    Adam, step t = 1, from m = v = 0: m = beta1 m"
          + " + (1 - beta1) g and v = beta2 v + (1 - beta2) g^2,%n    the running means of the"
          + " gradient g and of its square (so now m = %s g, v = %s g^2).%n    DL4J folds the bias"
          + " corrections 1 - beta1^t = %s and 1 - beta2^t = %s into the step size%n    alpha = lr"
          + " sqrt(1 - beta2^t) / (1 - beta1^t) = %s; update = alpha m / (sqrt(v) + epsilon).%n",
          num(c.get("bias_correction1")), num(c.get("bias_correction2")),
          num(c.get("bias_correction1")), num(c.get("bias_correction2")), num(c.get("alpha")));
      default -> "    Its state after the step (by DL4J's names) and the update it computed.\n";
    };
  }

  private static String stateName(StepTrace t, String key) {
    if (t.optimizer().equals("adam")) {
      return key.equals("M") ? "m" : key.equals("V") ? "v" : key;
    }
    return "state " + key;
  }

  private static String settingsText(Map<String, Double> c) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Double> e : c.entrySet()) {
      if (List.of("t", "bias_correction1", "bias_correction2", "alpha").contains(e.getKey())) {
        continue;
      }
      if (s.length() > 0) s.append(", ");
      s.append(e.getKey()).append(' ').append(num(e.getValue()));
    }
    return s.toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
  }

  static Map<String, Object> json(StepTrace t, ExperimentSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("what", "one training step on a small batch, numbers from DL4J (feedForward, then each"
        + " layer's backpropGradient from the output down, then the network's own updater);"
        + " gradients are of the loss averaged over the samples; layers are numbered from 1,"
        + " input side first; a matrix of more than " + JSON_NUMBERS + " numbers is given by its"
        + " shape and top-left corner");
    m.put("batch", t.batch());
    m.put("optimizer", t.optimizer());
    m.put("optimizer_settings", t.settings());
    m.put("lr", t.lr());
    m.put("inputs", jsonMatrix(t.x()));
    m.put("targets", jsonMatrix(t.y()));
    m.put("loss_function", t.loss());
    m.put("loss", t.lossValue());
    m.put("loss_after", t.lossAfter());
    m.put("noise_or_dropout", t.noisy());
    List<Map<String, Object>> layers = new ArrayList<>();
    for (StepTrace.LayerTrace l : t.layers()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("layer", l.number());
      e.put("activation", l.activation());
      e.put("W", jsonMatrix(l.w()));
      e.put("b", l.b());
      e.put("z", jsonMatrix(l.z()));
      e.put("a", jsonMatrix(l.a()));
      if (l.dLda() != null) e.put("dL_da", jsonMatrix(l.dLda()));
      e.put("dL_dz", jsonMatrix(l.dLdz()));
      e.put("dL_dW", jsonMatrix(l.dLdW()));
      e.put("dL_db", l.dLdb());
      for (Map.Entry<String, double[][]> s : l.wState().entrySet()) {
        e.put("state_" + s.getKey() + "_W", jsonMatrix(s.getValue()));
      }
      for (Map.Entry<String, double[][]> s : l.bState().entrySet()) {
        e.put("state_" + s.getKey() + "_b", s.getValue()[0]);
      }
      e.put("update_W", jsonMatrix(l.wUpdate()));
      e.put("update_b", l.bUpdate());
      e.put("W_after", jsonMatrix(l.wAfter()));
      e.put("b_after", l.bAfter());
      layers.add(e);
    }
    m.put("layers", layers);
    m.put("dL_dx", jsonMatrix(t.dLdx()));
    m.put("spec", spec.toNested());
    return m;
  }

  private static Object jsonMatrix(double[][] m) {
    if ((long) m.length * m[0].length <= JSON_NUMBERS) return m;
    Map<String, Object> big = new LinkedHashMap<>();
    big.put("shape", new int[] {m.length, m[0].length});
    big.put("top_left", corner(m));
    return big;
  }

  private static double[][] corner(double[][] m) {
    double[][] c = new double[Math.min(m.length, SHOWN_ROWS)][];
    for (int i = 0; i < c.length; i++) {
      c[i] = Arrays.copyOf(m[i], Math.min(m[i].length, SHOWN_COLUMNS));
    }
    return c;
  }

  private static String sideBySide(double[][] x, double[][] y) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      s.append(row(x[i])).append("  ->  ").append(row(y[i])).append('\n');
    }
    return s.toString();
  }

  private static String matrix(double[][] m) {
    StringBuilder s = new StringBuilder();
    boolean cut = m.length > SHOWN_ROWS || m[0].length > SHOWN_COLUMNS;
    for (double[] r : corner(m)) {
      s.append(row(r));
      if (r.length < m[0].length) s.append(" ...");
      s.append('\n');
    }
    if (cut) {
      s.append(String.format(Locale.ROOT, "(%d x %d; the top-left %d x %d shown)%n", m.length,
          m[0].length, Math.min(m.length, SHOWN_ROWS), Math.min(m[0].length, SHOWN_COLUMNS)));
    }
    return s.toString();
  }

  private static String row(double[] r) {
    if (r.length > SHOWN_COLUMNS) {
      return row(Arrays.copyOf(r, SHOWN_COLUMNS)).replaceFirst("]$", " ...] ("
          + r.length + " numbers)");
    }
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < r.length; i++) {
      if (i > 0) s.append(' ');
      double v = r[i];
      s.append(String.format(Locale.ROOT, v == 0 || Math.abs(v) >= 1e-4 ? "% .6f" : "% .3e", v));
    }
    return s.append(']').toString();
  }

  private static String indent(String block) {
    return block.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
  }
}
