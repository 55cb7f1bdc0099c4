package lab.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.core.Project;
import lab.core.UserError;
import lab.spec.ExperimentSpec;
import lab.spec.Field;
import lab.spec.SpecLoader;
import lab.spec.SpecSchema;
import lab.spec.ValueType;

/**
 * Reads a sweep file, checks it as strictly as a spec (every grid key a spec key, every value of
 * the key's type, every job's spec resolved by {@link SpecLoader#check}) and expands the grid,
 * all before anything runs. Rejections are one line naming the file, key, value and what is
 * allowed.
 */
public final class SweepLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Set<String> KEYS = new LinkedHashSet<>(List.of("name", "description", "based_on",
      "base", "spec", "set", "grid", "seeds", "success", "target_loss"));
  /** Spec keys a grid may not sweep: they name the job or are what `seeds:` is for. */
  private static final Set<String> NOT_SWEPT = Set.of("name", "description", "seed");
  private static final int MAX_SEEDS = 10_000;

  private SweepLoader() {}

  /** A sweep named like {@code xor-width} (in experiments/sweeps/) or given as a path. */
  public static Path sweepPath(String nameOrPath) {
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
      return Path.of(nameOrPath);
    }
    Path dir = Project.home().resolve("experiments").resolve("sweeps");
    Path p = dir.resolve(nameOrPath + ".yaml");
    if (!Files.isRegularFile(p)) {
      throw new UserError("no sweep named '" + nameOrPath + "' in " + dir);
    }
    return p;
  }

  public static Sweep load(Path file) {
    return load(file, null);
  }

  /**
   * As {@link #load(Path)}, with every job's engine set to {@code engine} (--engine; null keeps
   * the file's). A sweep run with another engine than its file's is named NAME-ENGINE, so that it
   * sits beside the sweep's own results instead of replacing them.
   */
  @SuppressWarnings("unchecked")
  public static Sweep load(Path file, String engine) {
    if (!Files.isRegularFile(file)) throw new UserError(file + ": no such sweep file");
    Object tree;
    try {
      tree = YAML.readValue(file.toFile(), Object.class);
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not valid YAML: "
          + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read: " + e.getMessage());
    }
    String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    tree = withoutRunRecord(file, tree);
    if (engine == null) return resolve(file.toString(), tree, defaultName);
    Sweep own = resolve(file.toString(), tree, defaultName);
    if (own.grid().containsKey("engine")) {
      throw new UserError("--engine " + engine + ": not allowed with " + file + ", whose grid"
          + " sweeps engine");
    }
    if (own.base().engine().equals(engine)) return own;
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) tree);
    Object set = copy.get("set");
    Map<String, Object> fixed = set instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    fixed.put("engine", engine);
    copy.put("set", fixed);
    copy.put("name", own.name() + "-" + engine);
    return resolve(file + " (--engine " + engine + ")", copy, defaultName);
  }

  /**
   * The sweep.yaml of a results folder (beside its runs/) also records how the sweep was run
   * ({@code stacking}, see SweepResume); that key is not part of the sweep and is dropped here.
   * In a sweep file it is an unknown key like any other.
   */
  @SuppressWarnings("unchecked")
  private static Object withoutRunRecord(Path file, Object tree) {
    if (!(tree instanceof Map<?, ?> map) || !map.containsKey(SweepResume.STACKING)
        || !file.getFileName().toString().equals("sweep.yaml")
        || !Files.isDirectory(file.resolveSibling("runs"))) {
      return tree;
    }
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
    copy.remove(SweepResume.STACKING);
    return copy;
  }

  /** Resolves a parsed sweep (a mapping); {@code source} names it in errors. */
  public static Sweep resolve(String source, Object tree, String defaultName) {
    if (!(tree instanceof Map<?, ?> map)) {
      throw new UserError(source + ": a sweep must be a mapping; allowed keys: "
          + String.join(", ", KEYS));
    }
    for (Object k : map.keySet()) {
      String key = String.valueOf(k);
      if (!KEYS.contains(key)) {
        // "seed" is a spec key too, but the sweep key it is close to says more.
        String hint = SpecLoader.didYouMean(key, KEYS);
        if (hint.isEmpty() && SpecSchema.field(key) != null) {
          hint = " (a spec key: put it under set: or grid:)";
        }
        throw new UserError(source + ": " + key + ": unknown key" + hint + "; allowed keys: "
            + String.join(", ", KEYS));
      }
    }
    String name = checked(source, "name", map.containsKey("name") ? map.get("name") : defaultName,
        new ValueType.Name()).toString();
    String description = map.containsKey("description")
        ? checked(source, "description", map.get("description"), new ValueType.Text()).toString()
        : "";
    Map<String, Object> set = flatKeys(source, "set", map.get("set"), false);
    Map<String, Object> gridRaw = flatKeys(source, "grid", map.get("grid"), true);
    ExperimentSpec base = baseSpec(source, map, name);
    String basedOn = map.get("base") != null ? String.valueOf(map.get("base"))
        : map.get("based_on") instanceof String s ? s : null;

    Map<String, Object> fixed = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : set.entrySet()) {
      fixed.put(e.getKey(), checked(source, "set." + e.getKey(), e.getValue(),
          SpecSchema.field(e.getKey()).type()));
    }
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : gridRaw.entrySet()) {
      grid.put(e.getKey(), gridValues(source, e.getKey(), e.getValue()));
    }
    List<Long> seeds = seeds(source, map.get("seeds"));
    Success success = Success.parse(source, map.get("success"));
    Double target = null;
    if (map.get("target_loss") != null) {
      target = (Double) checked(source, "target_loss", map.get("target_loss"),
          new ValueType.Real(0, false, 1e6));
    }
    Map<String, Object> baseValues = new LinkedHashMap<>(base.values());
    baseValues.putAll(fixed);
    ExperimentSpec resolvedBase = SpecLoader.check(source, baseValues, name);
    List<Job> jobs = expand(source, name, resolvedBase, grid, seeds);
    // Per job: a grid may even sweep the experiment key.
    jobs.stream().map(j -> j.spec().experiment()).distinct()
        .forEach(e -> success.checkMeasured(source, e));
    return new Sweep(name, description, source, basedOn, resolvedBase, grid, seeds, success,
        target, jobs);
  }

  /**
   * The Cartesian product of the grid, keys in file order with the first key varying slowest,
   * each point on every seed (seeds innermost). Each job's spec is resolved and checked here.
   */
  static List<Job> expand(String source, String name, ExperimentSpec base,
      Map<String, List<Object>> grid, List<Long> seeds) {
    List<String> keys = new ArrayList<>(grid.keySet());
    int points = 1;
    for (List<Object> v : grid.values()) points = Math.multiplyExact(points, v.size());
    List<Job> jobs = new ArrayList<>();
    for (int p = 0; p < points; p++) {
      Map<String, Object> point = new LinkedHashMap<>();
      int rest = p;
      for (int k = keys.size() - 1; k >= 0; k--) {
        List<Object> values = grid.get(keys.get(k));
        point.put(keys.get(k), values.get(rest % values.size()));
        rest /= values.size();
      }
      Map<String, Object> ordered = new LinkedHashMap<>();
      for (String k : keys) ordered.put(k, point.get(k));
      for (long seed : seeds) {
        int index = jobs.size();
        String id = Job.id(index, ordered, seed);
        Map<String, Object> raw = new LinkedHashMap<>(base.values());
        raw.putAll(ordered);
        raw.put("seed", seed);
        raw.put("name", String.format("%s-%04d", name, index));
        ExperimentSpec spec = SpecLoader.check(source + " (job " + id + ")", raw, name);
        jobs.add(new Job(index, id, ordered, p, seed, spec));
      }
    }
    return jobs;
  }

  private static ExperimentSpec baseSpec(String source, Map<?, ?> map, String name) {
    boolean hasBase = map.get("base") != null;
    boolean hasSpec = map.get("spec") != null;
    if (hasBase == hasSpec) {
      throw new UserError(source + ": base/spec: " + (hasBase ? "both given" : "missing")
          + "; allowed: exactly one of base (an experiment of experiments/, e.g. xor-3hidden) or "
          + "spec (an inline spec)");
    }
    if (hasSpec) {
      return SpecLoader.resolve(source + " (spec)", map.get("spec"), List.of(), name);
    }
    if (!(map.get("base") instanceof String base) || base.isBlank()) {
      throw new UserError(source + ": base: " + show(map.get("base")) + " is not allowed; "
          + "allowed: the name of an experiment of experiments/ or a spec path");
    }
    try {
      return SpecLoader.load(Project.specPath(base), List.of());
    } catch (UserError e) {
      throw new UserError(source + ": base: " + e.getMessage());
    }
  }

  private static List<Object> gridValues(String source, String key, Object raw) {
    String where = source + ": grid." + key;
    Field field = SpecSchema.field(key);
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new UserError(where + ": " + show(raw) + " is not allowed; allowed: a non-empty list"
          + " of values, each " + field.type().allowed());
    }
    List<Object> out = new ArrayList<>();
    for (Object v : list) {
      Object value = checked(source, "grid." + key, v, field.type());
      if (out.contains(value)) {
        throw new UserError(where + ": " + show(v) + " is listed twice; allowed: distinct values");
      }
      out.add(value);
    }
    return out;
  }

  private static List<Long> seeds(String source, Object raw) {
    String allowed = "a count N from 1 to " + MAX_SEEDS + " (seeds 0..N-1) or a non-empty list "
        + "of distinct whole numbers >= 0";
    List<Long> out = new ArrayList<>();
    if (raw instanceof Integer n && n >= 1 && n <= MAX_SEEDS) {
      for (long s = 0; s < n; s++) out.add(s);
      return out;
    }
    if (raw instanceof List<?> list && !list.isEmpty()) {
      for (Object o : list) {
        Object seed = new ValueType.Seed().check(o);
        if (seed == null || out.contains(seed)) {
          throw new UserError(source + ": seeds: " + show(o) + " is not allowed; allowed: "
              + allowed);
        }
        out.add((Long) seed);
      }
      return out;
    }
    throw new UserError(source + ": seeds: " + show(raw) + " is not allowed; allowed: " + allowed);
  }

  /** A mapping of spec keys, nested (optimizer: {lr: ...}) or dotted (optimizer.lr: ...). */
  private static Map<String, Object> flatKeys(String source, String block, Object raw,
      boolean required) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (raw == null && !required) return out;
    if (!(raw instanceof Map<?, ?> map) || (required && map.isEmpty())) {
      throw new UserError(source + ": " + block + ": " + show(raw) + " is not allowed; allowed: "
          + (required ? "a non-empty " : "a ") + "mapping of spec keys to "
          + (required ? "lists of values" : "values") + ", e.g. optimizer.lr: "
          + (required ? "[0.01, 0.1]" : "0.1"));
    }
    flatten(source, block, "", map, out);
    return out;
  }

  private static void flatten(String source, String block, String prefix, Map<?, ?> map,
      Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child && SpecSchema.field(key) == null) {
        flatten(source, block, key + ".", child, out);
        continue;
      }
      if (SpecSchema.field(key) == null || NOT_SWEPT.contains(key)) {
        List<String> allowed = SpecSchema.fields().keySet().stream()
            .filter(k -> !NOT_SWEPT.contains(k)).toList();
        String why = SpecSchema.field(key) == null
            ? "unknown spec key" + SpecLoader.didYouMean(key, allowed)
            : "cannot be set by a sweep (seeds: sets the seed, the sweep names the jobs)";
        throw new UserError(source + ": " + block + "." + key + ": " + why
            + "; allowed keys: " + String.join(", ", allowed));
      }
      out.put(key, e.getValue());
    }
  }

  private static Object checked(String source, String key, Object raw, ValueType type) {
    Object v = raw == null ? null : type.check(raw);
    if (v == null) {
      throw new UserError(source + ": " + key + ": " + show(raw) + " is not allowed; allowed: "
          + type.allowed());
    }
    return v;
  }

  static String show(Object raw) {
    if (raw == null) return "an empty value";
    if (raw instanceof String s) return "'" + s + "'";
    if (raw instanceof Map<?, ?>) return "a mapping";
    if (raw instanceof List<?> l && l.isEmpty()) return "an empty list";
    return String.valueOf(raw);
  }
}
