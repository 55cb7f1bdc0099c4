package lab.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;

/**
 * The spec values given on the command line: each {@code --set KEY=VALUE} (numbered by position)
 * and options that stand for a key ({@code --engine E} for engine). A key given twice, in any
 * form ({@code optimizer.lr=...} and {@code optimizer={lr: ...}}), is an error naming both.
 */
public final class Overrides {
  private final List<String> sets;
  private final Map<String, Given> values = new LinkedHashMap<>();

  private Overrides(List<String> sets) {
    this.sets = List.copyOf(sets);
  }

  public static Overrides none() {
    return new Overrides(List.of());
  }

  /** Parses {@code --set} texts; values are YAML-typed: 0.1, [4, 4], adam, {lr: 0.1}. */
  public static Overrides of(List<String> sets) {
    Overrides o = new Overrides(sets);
    for (int i = 0; i < sets.size(); i++) {
      String text = sets.get(i);
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--set " + text + ": expected KEY=VALUE, e.g. optimizer.lr=0.1");
      }
      String key = text.substring(0, eq).strip();
      String rawValue = text.substring(eq + 1).strip();
      Object value = SpecLoader.parseScalar(rawValue);
      String where = "--set " + text;
      String place = "--set #" + (i + 1) + " (" + text + ")";
      o.add(key, value, where, rawValue, place);
    }
    return o;
  }

  /** Adds an option that stands for a key: {@code option("--engine", "engine", "scratch")}. */
  public Overrides option(String option, String key, String value) {
    if (value != null) add(key, value, option + " " + value, value, option + " " + value);
    return this;
  }

  private void add(String key, Object value, String where, String raw, String place) {
    if (value instanceof Map<?, ?> block && SpecSchema.field(key) == null) {
      for (Map.Entry<?, ?> e : block.entrySet()) {
        add(key + "." + e.getKey(), e.getValue(), where, null, place);
      }
      return;
    }
    Given earlier = values.get(key);
    if (earlier != null) {
      throw new UserError(key + " is given twice on the command line: " + earlier.place()
          + " and " + place + "; give it once");
    }
    values.put(key, new Given(value, where, raw, place));
  }

  /** The given values by dotted key, in the order given. */
  public Map<String, Given> values() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /** The {@code --set} texts as given. */
  public List<String> sets() {
    return sets;
  }

  /** The dotted keys of the {@code --set} values (options such as --engine left out). */
  public List<String> setKeys() {
    List<String> keys = new ArrayList<>();
    values.forEach((k, g) -> {
      if (g.where().startsWith("--set ")) keys.add(k);
    });
    return keys;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
