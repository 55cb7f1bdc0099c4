package lab.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** The walkthrough, one explanation line per stage followed by its numbers. */
  public static String text(StepTrace t) {
    StringBuilder s = new StringBuilder();
    List<StepTrace.LayerTrace> layers = t.layers();
    int count = layers.size();
    int n = t.x().length;
    s.append("Inputs X, one sample per row, and targets y (XOR):\n");
    s.append(indent(sideBySide(t.x(), t.y())));
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
              ? ": the network's output, the predicted probability\n"
              : ": the hidden layer's output, bent by the activation\n")
          .append(indent(matrix(l.a())));
    }
    s.append(String.format(Locale.ROOT,
        "%n[2] Loss: %s averaged over the %d samples = %.6f%n", t.loss(), n, t.lossValue()));
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
    s.append(String.format(Locale.ROOT, "%n[4] One plain gradient step with lr %s:"
        + " W := W - lr dL/dW, b := b - lr dL/db.%n", t.lr()));
    for (StepTrace.LayerTrace l : layers) {
      s.append("  W").append(l.number()).append(" =\n").append(indent(matrix(l.wAfter())));
      s.append("  b").append(l.number()).append(" = ").append(row(l.bAfter())).append('\n');
    }
    return s.toString();
  }

  static Map<String, Object> json(StepTrace t, ExperimentSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("what", "one training step on the four XOR points, numbers from DL4J "
        + "(feedForward, then each layer's backpropGradient from the output down); gradients are "
        + "of the loss averaged over the samples; layers are numbered from 1, input side first");
    m.put("lr", t.lr());
    m.put("inputs", t.x());
    m.put("targets", t.y());
    m.put("loss_function", t.loss());
    m.put("loss", t.lossValue());
    List<Map<String, Object>> layers = new ArrayList<>();
    for (StepTrace.LayerTrace l : t.layers()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("layer", l.number());
      e.put("activation", l.activation());
      e.put("W", l.w());
      e.put("b", l.b());
      e.put("z", l.z());
      e.put("a", l.a());
      if (l.dLda() != null) e.put("dL_da", l.dLda());
      e.put("dL_dz", l.dLdz());
      e.put("dL_dW", l.dLdW());
      e.put("dL_db", l.dLdb());
      e.put("W_after", l.wAfter());
      e.put("b_after", l.bAfter());
      layers.add(e);
    }
    m.put("layers", layers);
    m.put("dL_dx", t.dLdx());
    m.put("spec", spec.toNested());
    return m;
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
    for (double[] r : m) s.append(row(r)).append('\n');
    return s.toString();
  }

  private static String row(double[] r) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < r.length; i++) {
      if (i > 0) s.append(' ');
      s.append(String.format(Locale.ROOT, "% .6f", r[i]));
    }
    return s.append(']').toString();
  }

  private static String indent(String block) {
    return block.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
  }
}
