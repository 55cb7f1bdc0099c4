package lab.chart;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;

/**
 * A chart title's run name: the name alone when the stored spec.yaml equals the experiment file
 * of that name, else the name and what differs, e.g. "xor-2-2-1-sgd (engine scratch)". With no
 * experiment file to compare to, the name and the optimizer and learning rate of spec.yaml.
 */
public final class RunTitle {
  /** Differences named in a title at most; the rest are counted. */
  static final int SHOWN = 3;

  private static final Set<String> IGNORED = Set.of("name", "description", "log_every");

  private RunTitle() {}

  public static String of(Path resultDir, String name) {
    Path stored = resultDir.resolve("spec.yaml");
    if (!Files.isRegularFile(stored)) return name;
    try {
      ExperimentSpec run = SpecLoader.load(stored, List.of());
      Path file = home().resolve("experiments").resolve(name + ".yaml");
      if (!Files.isRegularFile(file)) {
        return name + " (" + run.optimizer() + " lr " + show(run.lr()) + ")";
      }
      String diff = differences(SpecLoader.load(file, List.of()).values(), run.values());
      return diff.isEmpty() ? name : name + " (" + diff + ")";
    } catch (RuntimeException e) {
      return name; // a spec this code cannot read still gets its charts
    }
  }

  /** "engine scratch, epochs 5": the keys whose values differ from the base's, in run order. */
  static String differences(Map<String, Object> base, Map<String, Object> run) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> e : run.entrySet()) {
      if (IGNORED.contains(e.getKey()) || same(base.get(e.getKey()), e.getValue())) continue;
      parts.add(e.getKey() + " " + show(e.getValue()));
    }
    if (parts.size() <= SHOWN) return String.join(", ", parts);
    return String.join(", ", parts.subList(0, SHOWN)) + " +" + (parts.size() - SHOWN) + " more";
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  private static String show(Object v) {
    if (v instanceof Double d) return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return String.valueOf(v).replace(" ", "");
  }

  private static Path home() {
    return Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
  }
}
