package lab.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;

/**
 * Reads an experiment spec from YAML, applies overrides ({@code --set}, {@code --engine}), checks
 * every key and value against {@link SpecSchema}, and fills in defaults. Every rejection is one
 * line naming where the value came from (the file with line and column, or the option), the key,
 * the value as given and what is allowed. A key given twice, dotted or nested, is rejected with
 * both places.
 */
public final class SpecLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** How many near keys an unknown-key message lists. */
  static final int NEAR = 5;

  private SpecLoader() {}

  public static ExperimentSpec load(Path file, List<String> overrides) {
    return load(file, Overrides.of(overrides));
  }

  public static ExperimentSpec load(Path file, Overrides overrides) {
    YamlDoc doc = YamlDoc.read(file, "spec");
    String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return resolve(doc, List.of(), overrides, defaultName, SpecPaths.folderOf(file));
  }

  /**
   * Resolves the mapping at {@code path} of a document (the root, or a sweep's inline
   * {@code spec:}); relative paths in it are resolved against {@code baseDir}.
   */
  public static ExperimentSpec resolve(YamlDoc doc, List<String> path, Overrides overrides,
      String defaultName, Path baseDir) {
    Object tree = doc.tree();
    for (String p : path) tree = ((Map<?, ?>) tree).get(p);
    String source = path.isEmpty() ? doc.source() : doc.source() + " (" + String.join(".", path)
        + ")";
    Map<String, Given> raw = flatten(doc, path, tree, "a spec");
    SpecPaths.resolve(raw, baseDir, "the spec file's folder");
    Map<String, Given> sets = new LinkedHashMap<>(overrides.values());
    SpecPaths.resolve(sets, SpecPaths.workingDir(), "the working directory");
    raw.putAll(sets);
    return checkGiven(source, raw, defaultName);
  }

  /** Resolves a parsed YAML tree (a map) into a spec; {@code source} names it in errors. */
  public static ExperimentSpec resolve(
      String source, Object tree, List<String> overrides, String defaultName) {
    Map<String, Given> raw = flatten(null, List.of(), tree, source);
    raw.putAll(Overrides.of(overrides).values());
    return checkGiven(source, raw, defaultName);
  }

  /**
   * The keys of a mapping of spec keys, nested ({@code optimizer: {lr: 0.1}}) or dotted
   * ({@code optimizer.lr: 0.1}), as dotted keys with where each was given. A key given both ways
   * is an error naming both lines. {@code doc} may be null (a tree without places; then
   * {@code what} is its source).
   */
  public static Map<String, Given> flatten(YamlDoc doc, List<String> path, Object tree,
      String what) {
    String source = doc == null ? what : doc.source();
    if (tree == null) tree = new LinkedHashMap<>();
    if (!(tree instanceof Map<?, ?> map)) {
      throw new UserError((doc == null ? source : doc.where(path))
          + ": a spec must be a mapping of keys to values");
    }
    Map<String, Given> out = new LinkedHashMap<>();
    flatten(doc, source, path, path, "", map, out);
    return out;
  }

  private static void flatten(YamlDoc doc, String source, List<String> root, List<String> path,
      String prefix, Map<?, ?> map, Map<String, Given> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      List<String> at = new ArrayList<>(path);
      at.add(String.valueOf(e.getKey()));
      if (e.getValue() instanceof Map<?, ?> child && SpecSchema.field(key) == null) {
        flatten(doc, source, root, List.copyOf(at), key + ".", child, out);
        continue;
      }
      Given given = doc == null ? Given.from(source, e.getValue())
          : new Given(e.getValue(), doc.where(at), doc.raw(at), "line " + doc.keyLine(at)
              + " (" + (prefix.isEmpty() ? key : "in the " + prefix.substring(0,
              prefix.length() - 1) + " block") + ")");
      Given earlier = out.get(key);
      if (earlier != null) {
        String named = root.isEmpty() ? key : String.join(".", root) + "." + key;
        throw new UserError(source + ": " + named + " is given twice: " + earlier.place()
            + " and " + given.place() + "; a dotted key and its nested form are the same key,"
            + " give it once");
      }
      out.put(key, given);
    }
  }

  /** Checks flat key/value pairs (no places known) and fills in defaults. */
  public static ExperimentSpec check(String source, Map<String, Object> raw, String defaultName) {
    Map<String, Given> given = new LinkedHashMap<>();
    raw.forEach((k, v) -> given.put(k, Given.from(source, v)));
    return checkGiven(source, given, defaultName);
  }

  /** Checks given values and fills in defaults; errors name where each value came from. */
  public static ExperimentSpec checkGiven(String source, Map<String, Given> raw,
      String defaultName) {
    for (Map.Entry<String, Given> e : raw.entrySet()) {
      if (SpecSchema.field(e.getKey()) == null) throw unknownKey(e.getValue(), e.getKey());
    }
    Given experimentRaw = raw.get("experiment");
    if (experimentRaw == null) {
      throw new UserError(source + ": experiment: missing; allowed: "
          + SpecSchema.field("experiment").type().allowed());
    }
    String experiment = (String) checkValue(SpecSchema.field("experiment"), experimentRaw);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : SpecSchema.fields().values()) {
      Given given = raw.get(field.key());
      if (!field.appliesTo(experiment)) {
        if (given != null) {
          throw new UserError(given.where() + ": " + field.key() + ": does not apply to"
              + " experiment " + experiment + experimentFrom(experimentRaw, given)
              + "; it applies to " + String.join(", ", field.experiments().stream().sorted()
              .toList()));
        }
        continue;
      }
      values.put(field.key(), given != null ? checkValue(field, given) : field.defaultValue());
    }
    checkCombinations(source, raw, values);
    if (values.get("name") == null) {
      values.put("name", checkValue(SpecSchema.field("name"), Given.from(source, defaultName)));
    }
    return new ExperimentSpec(values);
  }

  /** " (experiment from file:2:13)" when the experiment came from elsewhere than {@code g}. */
  private static String experimentFrom(Given experiment, Given g) {
    return experiment.where().equals(g.where()) ? "" : " (set at " + experiment.where() + ")";
  }

  /** Values that are each allowed but do not go together. */
  private static void checkCombinations(String source, Map<String, Given> raw,
      Map<String, Object> values) {
    Object loss = values.get("loss");
    Object output = values.get("model.output");
    if ("cross-entropy".equals(loss) && !"softmax".equals(output)) {
      throw new UserError(whereOf(source, raw, "loss") + ": loss: cross-entropy needs"
          + " model.output softmax (it is " + output + "); for a sigmoid output use bce");
    }
    if (SpecSchema.REGRESSION.equals(values.get("experiment"))
        && !SpecSchema.REGRESSION_LOSSES.contains(loss)) {
      throw new UserError(whereOf(source, raw, "loss") + ": loss: " + loss + " is not allowed"
          + " for experiment regression (its targets are real numbers, not classes); allowed:"
          + " mse, sse");
    }
    Object monitor = values.get("early_stopping.monitor");
    if (monitor instanceof String m && m.startsWith("valid_")
        && !SpecSchema.WITH_VALIDATION.contains(values.get("experiment"))) {
      throw new UserError(whereOf(source, raw, "early_stopping.monitor")
          + ": early_stopping.monitor: " + m + " needs a validation set, and experiment "
          + values.get("experiment") + " has none; allowed here: none, train_loss");
    }
    if ("scratch".equals(values.get("engine"))
        && !SpecSchema.SCRATCH_EXPERIMENTS.contains(values.get("experiment"))) {
      Given engine = raw.get("engine");
      throw new UserError(whereOf(source, raw, "engine") + ": engine: scratch is not available"
          + " for experiment " + values.get("experiment")
          + (engine != null ? experimentFrom(raw.get("experiment"), engine) : "")
          + "; allowed here: dl4j, dl4j-stock");
    }
  }

  private static String whereOf(String source, Map<String, Given> raw, String key) {
    Given g = raw.get(key);
    return g == null ? source : g.where();
  }

  private static Object checkValue(Field field, Given given) {
    Object raw = given.value();
    Object value = raw == null ? null : field.type().check(raw);
    if (value == null) {
      String hint = "";
      if (field.type() instanceof ValueType.Choice c && raw instanceof String s) {
        hint = didYouMean(s.toLowerCase(java.util.Locale.ROOT), c.options());
      }
      if (raw instanceof Map<?, ?>) {
        hint = " (a block of keys where a value belongs)";
      }
      throw new UserError(given.where() + ": " + field.key() + ": " + given.shown()
          + " is not allowed" + hint + "; allowed: " + field.type().allowed());
    }
    return value;
  }

  private static UserError unknownKey(Given given, String key) {
    List<String> block = SpecSchema.fields().keySet().stream()
        .filter(k -> k.startsWith(key + ".")).toList();
    if (!block.isEmpty()) {
      String example = block.stream().filter(k -> !k.equals(key + ".name")).findFirst()
          .orElse(block.get(0));
      return new UserError(given.where() + ": " + key + ": " + given.shown() + " is a value, but "
          + key + " is a block of keys (" + String.join(", ", block.stream().map(k ->
          k.substring(key.length() + 1)).toList()) + "); write e.g. " + key + ": {"
          + block.get(0).substring(key.length() + 1) + ": ...} or "
          + example + ": ...");
    }
    return new UserError(given.where() + ": " + key + ": unknown key" + didYouMean(key)
        + "; near: " + String.join(", ", near(key, SpecSchema.fields().keySet(), NEAR))
        + " (the full list: ./lab keys)");
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
  public static String didYouMean(String key, Collection<String> known) {
    return known.stream()
        .filter(k -> sameButBlock(k, key) || closeTo(k, key))
        .min(Comparator.comparingInt(
            k -> sameButBlock(k, key) ? 0 : editDistance(k, key)))
        .map(k -> " (did you mean " + k + "?)").orElse("");
  }

  /**
   * The {@code max} entries of {@code known} nearest to {@code word}: the same key with or
   * without its block first, then by typos to the whole key or to its last part.
   */
  public static List<String> near(String word, Collection<String> known, int max) {
    return known.stream()
        .sorted(Comparator.comparingInt((String k) -> distance(word, k))
            .thenComparing(Comparator.naturalOrder()))
        .limit(max).toList();
  }

  private static int distance(String word, String key) {
    if (sameButBlock(key, word)) return 0;
    int dot = key.lastIndexOf('.');
    int wordDot = word.lastIndexOf('.');
    int d = editDistance(word, key);
    // block and last part apart: optimzer.lr is one typo from optimizer.lr, not data.n
    d = Math.min(d, editDistance(word.substring(0, Math.max(wordDot, 0)),
        key.substring(0, Math.max(dot, 0))) + editDistance(word.substring(wordDot + 1),
        key.substring(dot + 1)));
    if (key.startsWith(word) || word.startsWith(key)) d = Math.min(d, 1);
    return d;
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

  /** Parses the value side of {@code --set key=value} as YAML: 0.1, [4, 4], adam, true. */
  public static Object parseScalar(String text) {
    try {
      return YAML.readValue(text.isBlank() ? "''" : text, Object.class);
    } catch (IOException e) {
      return text;
    }
  }
}
