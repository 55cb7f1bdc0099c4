package lab.net;

import java.util.List;
import java.util.Locale;
import lab.core.ResidentMemoryWatch;
import lab.core.Sizes;
import lab.core.UserError;
import lab.spec.ExperimentSpec;

/**
 * What a spec's run needs in memory, estimated from the spec alone before anything is built:
 * the parameters, their gradients and the optimizer's state, and the copy of the parameters and
 * the optimizer's state that every run keeps for its checkpoints (lab.train.Checkpoints copies
 * them on the training thread and writes the copy while training goes on); the activations of
 * every layer for the largest block of rows pushed through at once (a batch, or a whole set when
 * the metrics are measured); and the data set. A run whose estimate exceeds the memory available
 * (the cap of {@link ResidentMemoryWatch}, and the machine's memory) is refused with one line
 * naming the key that contributes most. The estimate is a lower bound: the JVM and ND4J need
 * more besides.
 *
 * @param parameters bytes of the weights and biases
 * @param optimizerState bytes of the updater's state (Adam: two per parameter)
 * @param activations bytes of activations, pre-activations and their gradients
 * @param data bytes of the data set as loaded
 */
public record MemoryEstimate(long parameterCount, long parameters, long optimizerState,
    long activations, long data, long rows) {

  /** Inputs, outputs, training rows and the rows evaluated at once, per experiment kind. */
  private record Shape(int nIn, int nOut, long trainRows, long evalRows, String dataKey,
      long dataValues, int dataMin) {}

  public long total() {
    return sum(model(), activations, data);
  }

  /** The parameters, their gradients, the optimizer state and the checkpoint's copy of both. */
  long model() {
    return sum(sat(parameters, 3), sat(optimizerState, 2));
  }

  /** The checkpoint's copy: the parameters and the optimizer state once more. */
  public long checkpointCopy() {
    return sum(parameters, optimizerState);
  }

  /** A sum of sizes, Long.MAX_VALUE where it would overflow. */
  private static long sum(long... sizes) {
    long total = 0;
    for (long size : sizes) {
      total += size;
      if (total < 0) return Long.MAX_VALUE;
    }
    return total;
  }

  public static MemoryEstimate of(ExperimentSpec spec) {
    Shape s = shape(spec);
    int bytes = spec.isDouble() ? 8 : 4;
    List<Integer> hidden = spec.hidden();
    long params = 0;
    long widths = s.nIn;
    int in = s.nIn;
    for (int h : hidden) {
      params += (long) in * h + h;
      widths += h;
      in = h;
    }
    params += (long) in * s.nOut + s.nOut;
    widths += s.nOut;
    long batchRows = spec.batch() == 0 ? s.trainRows : Math.min(spec.batch(), s.trainRows);
    long rows = Math.max(batchRows, s.evalRows);
    int state = switch (spec.optimizer()) {
      case "adam" -> 2;
      case "sgd" -> 0;
      default -> 1;
    };
    return new MemoryEstimate(params, sat(params, bytes), sat(sat(params, state), bytes),
        sat(sat(rows, widths), 3L * bytes), sat(s.dataValues, bytes), rows);
  }

  private static long sat(long a, long b) {
    long r = a * b;
    return (a != 0 && (r / a != b || r < 0)) ? Long.MAX_VALUE : r;
  }

  private static Shape shape(ExperimentSpec spec) {
    return switch (spec.experiment()) {
      case "xor" -> {
        long rows = 4L * spec.integer("data.repeat");
        yield new Shape(2, 1, rows, rows, "data.repeat", rows * 3, 1);
      }
      case "noisy-xor" -> {
        long n = spec.integer("data.n");
        yield new Shape(2, 1, n / 2, n / 2, "data.n", n * 3, 4);
      }
      case "mnist" -> {
        int limit = spec.integer("data.train_limit");
        long train = limit > 0 ? limit : 60_000L - spec.integer("data.valid_size");
        yield new Shape(784, 10, train, Math.max(train, 10_000), "data.train_limit",
            70_000L * (784 + 10), 1);
      }
      default -> new Shape(1, 1, 10, 10, "data", 20, 0);
    };
  }

  /** The memory a run may use: the cap (when set) and the machine's physical memory. */
  public static long available() {
    long cap = ResidentMemoryWatch.capBytes();
    long machine = machineBytes();
    return cap > 0 ? Math.min(cap, machine) : machine;
  }

  static long machineBytes() {
    try {
      var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        long total = sun.getTotalMemorySize();
        if (total > 0) return total;
      }
    } catch (RuntimeException | LinkageError e) {
      // Unknown: only the cap bounds the estimate.
    }
    return Long.MAX_VALUE;
  }

  /** Refuses, in one line naming {@code source} and the key, a spec that cannot fit. */
  public static void check(ExperimentSpec spec, String source) {
    check(spec, source, available());
  }

  /**
   * As {@link #check(ExperimentSpec, String)}; a key given on the command line is named by its
   * --set (or option) instead of {@code source}.
   */
  public static void check(ExperimentSpec spec, String source, lab.spec.Overrides given) {
    check(spec, source, given, available());
  }

  static void check(ExperimentSpec spec, String source, long available) {
    check(spec, source, lab.spec.Overrides.none(), available);
  }

  static void check(ExperimentSpec spec, String source, lab.spec.Overrides given,
      long available) {
    MemoryEstimate e = of(spec);
    if (e.total() <= available) return;
    Shape s = shape(spec);
    long batchRows = spec.batch() == 0 ? s.trainRows : Math.min(spec.batch(), s.trainRows);
    boolean activationsMost = e.activations > e.model() && e.activations >= e.data;
    String key;
    String fix;
    if (activationsMost && spec.batch() > 0 && batchRows >= s.evalRows) {
      // The batch is what goes through at once: a smaller one shrinks the activations.
      key = "batch";
      fix = "a smaller batch or narrower layers (" + e.rows + " rows go through at once)";
    } else {
      // The key to blame is the one whose smallest setting saves most: no hidden layer, or the
      // fewest data rows the experiment takes.
      long noHidden = of(spec.with(java.util.Map.of("model.hidden", List.of()))).total();
      long leastData = spec.has(s.dataKey)
          ? of(spec.with(java.util.Map.of(s.dataKey, s.dataMin))).total() : Long.MAX_VALUE;
      if (noHidden <= leastData) {
        key = "model.hidden";
        fix = activationsMost
            ? "narrower hidden layers (the metrics pass " + e.rows + " rows at once)"
            : "fewer or narrower hidden layers";
      } else {
        key = s.dataKey;
        fix = activationsMost ? "fewer rows (the metrics pass " + e.rows + " rows at once,"
            + " whatever the batch)" : "less data";
      }
    }
    String value = spec.has(key) ? String.valueOf(spec.values().get(key)) : "";
    lab.spec.Given g = given.values().get(key);
    if (g != null) source = g.where();
    long cap = ResidentMemoryWatch.capBytes();
    String limit = cap > 0 && cap <= machineBytes()
        ? "the memory cap -D" + ResidentMemoryWatch.CAP_PROPERTY + "=" + System.getProperty(
            ResidentMemoryWatch.CAP_PROPERTY, "4G")
        : "the machine's memory";
    throw new UserError(String.format(Locale.ROOT, "%s: %s: %s needs about %s of memory"
        + " (%,d parameters %s, their gradients %s, optimizer state %s, the checkpoint's copy"
        + " %s, activations %s, data %s),"
        + " more than the %s available (%s); allowed: a run that fits: %s",
        source, key, value, Sizes.show(e.total()), e.parameterCount, Sizes.show(e.parameters),
        Sizes.show(e.parameters), Sizes.show(e.optimizerState), Sizes.show(e.checkpointCopy()),
        Sizes.show(e.activations),
        Sizes.show(e.data), Sizes.show(available), limit, fix));
  }
}
