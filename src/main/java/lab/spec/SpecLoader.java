package lab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;

/**
 * Reads an experiment spec from YAML, applies {@code key=value} overrides, checks every key and
 * value against {@link SpecSchema}, and fills in defaults. Every rejection is one line naming the
 * file, the key, the bad value and what is allowed.
 */
public final class SpecLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SpecLoader() {}

  public static ExperimentSpec load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such spec file");
    }
    Object tree;
    try {
      tree = YAML.readValue(file.toFile(), Object.class);
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read: " + e.getMessage());
    }
    String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return resolve(file.toString(), tree, overrides, defaultName);
  }

  /** Resolves a parsed YAML tree (a map) into a spec; {@code source} names it in errors. */
  public static ExperimentSpec resolve(
      String source, Object tree, List<String> overrides, String defaultName) {
    if (tree == null) tree = new LinkedHashMap<>();
    if (!(tree instanceof Map<?, ?> map)) {
      throw new UserError(source + ": a spec must be a mapping of keys to values");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    flatten(source, "", map, raw);
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--set " + override + ": expected key=value, e.g. optimizer.lr=0.1");
      }
      String key = override.substring(0, eq).trim();
      Object value = parseScalar(override.substring(eq + 1));
      if (SpecSchema.field(key) == null) {
        throw unknownKey("--set", key);
      }
      raw.put(key, value);
    }
    return check(source, raw, defaultName);
  }

  /** Checks flat key/value pairs and fills in defaults. */
  public static ExperimentSpec check(String source, Map<String, Object> raw, String defaultName) {
    for (String key : raw.keySet()) {
      if (SpecSchema.field(key) == null) throw unknownKey(source, key);
    }
    Object experimentRaw = raw.get("experiment");
    if (experimentRaw == null) {
      throw new UserError(source + ": experiment: missing; allowed: "
          + SpecSchema.field("experiment").type().allowed());
    }
    String experiment = (String) checkValue(source, SpecSchema.field("experiment"), experimentRaw);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : SpecSchema.fields().values()) {
      boolean given = raw.containsKey(field.key());
      if (!field.appliesTo(experiment)) {
        if (given) {
          throw new UserError(source + ": " + field.key() + ": does not apply to experiment "
              + experiment + "; it applies to " + String.join(", ", field.experiments()));
        }
        continue;
      }
      Object value = given ? checkValue(source, field, raw.get(field.key())) : field.defaultValue();
      values.put(field.key(), value);
    }
    checkCombinations(source, values);
    if (values.get("name") == null) {
      values.put("name", checkValue(source, SpecSchema.field("name"), defaultName));
    }
    return new ExperimentSpec(values);
  }

  /** Values that are each allowed but do not go together. */
  private static void checkCombinations(String source, Map<String, Object> values) {
    Object loss = values.get("loss");
    Object output = values.get("model.output");
    if ("cross-entropy".equals(loss) && !"softmax".equals(output)) {
      throw new UserError(source + ": loss: cross-entropy needs model.output softmax (it is "
          + output + "); for a sigmoid output use bce");
    }
    if (SpecSchema.REGRESSION.equals(values.get("experiment"))
        && !SpecSchema.REGRESSION_LOSSES.contains(loss)) {
      throw new UserError(source + ": loss: " + loss + " is not allowed for experiment regression"
          + " (its targets are real numbers, not classes); allowed: mse, sse");
    }
    if ("scratch".equals(values.get("engine"))
        && !SpecSchema.SCRATCH_EXPERIMENTS.contains(values.get("experiment"))) {
      throw new UserError(source + ": engine: scratch is not available for experiment "
          + values.get("experiment") + "; allowed here: dl4j, dl4j-stock");
    }
  }

  private static Object checkValue(String source, Field field, Object raw) {
    Object value = raw == null ? null : field.type().check(raw);
    if (value == null) {
      throw new UserError(source + ": " + field.key() + ": " + show(raw) + " is not allowed; "
          + "allowed: " + field.type().allowed());
    }
    return value;
  }

  private static UserError unknownKey(String source, String key) {
    return new UserError(source + ": " + key + ": unknown key" + didYouMean(key)
        + "; allowed keys: " + String.join(", ", SpecSchema.fields().keySet()));
  }

  /** " (did you mean optimizer.lr?)" for a key close to a spec key, else "". */
  public static String didYouMean(String key) {
    return didYouMean(key, SpecSchema.fields().keySet());
  }

  /**
   * " (did you mean K?)" for the one of {@code known} that {@code key} probably meant: the same
   * key with or without its block (lr, optimizer.lr), else the fewest typos, at most two (seed is
   * seeds, not spec); "" when none. Sweep files use it for their own keys too, so every file's
   * hints read alike.
   */
  public static String didYouMean(String key, java.util.Collection<String> known) {
    return known.stream()
        .filter(k -> sameButBlock(k, key) || closeTo(k, key))
        .min(java.util.Comparator.comparingInt(
            k -> sameButBlock(k, key) ? 0 : editDistance(k, key)))
        .map(k -> " (did you mean " + k + "?)").orElse("");
  }

  private static boolean sameButBlock(String a, String b) {
    return a.endsWith("." + b) || b.endsWith("." + a);
  }

  private static boolean closeTo(String a, String b) {
    return !a.equals(b) && editDistance(a, b) <= 2;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      prev = cur;
    }
    return prev[b.length()];
  }

  private static void flatten(String source, String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child && SpecSchema.field(key) == null) {
        flatten(source, key + ".", child, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  /** Parses the value side of {@code --set key=value} as YAML: 0.1, [4, 4], adam, true. */
  public static Object parseScalar(String text) {
    try {
      return YAML.readValue(text.isBlank() ? "''" : text, Object.class);
    } catch (IOException e) {
      return text;
    }
  }

  private static String show(Object raw) {
    if (raw == null) return "an empty value";
    if (raw instanceof String s) return "'" + s + "'";
    if (raw instanceof Map<?, ?>) return "a mapping";
    return String.valueOf(raw);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
