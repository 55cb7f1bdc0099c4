package lab.sweep;

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
import lab.spec.Given;
import lab.spec.Overrides;
import lab.spec.SpecPaths;
import lab.spec.YamlDoc;
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

  static final Set<String> KEYS = new LinkedHashSet<>(List.of("name", "description", "based_on",
      "base", "spec", "set", "search", "samples", "search_seed", "grid", "seeds", "success",
      "target_loss"));
  /** Spec keys a grid may not sweep: they name the job or are what `seeds:` is for. */
  private static final Set<String> NOT_SWEPT = Set.of("name", "description", "seed");
  private static final int MAX_SEEDS = 10_000;
  /** The most jobs one sweep expands to (points x seeds): more would not fit in memory here. */
  static final int MAX_JOBS = 100_000;

  private SweepLoader() {}

  /**
   * A sweep named like {@code xor-width} (in experiments/sweeps/) or given as a path; a file name
   * such as {@code xor-width.yaml} not found from the working directory is looked up there too.
   */
  public static Path sweepPath(String nameOrPath) {
    Path dir = Project.home().resolve("experiments").resolve("sweeps");
    return Project.findFile(nameOrPath, dir, "sweep", "./lab sweep");
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
    YamlDoc doc = YamlDoc.read(file, "sweep");
    Object tree = doc.tree();
    String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    Object record = tree;
    tree = withoutRunRecord(file, tree);
    Path folder = SpecPaths.folderOf(file);
    Sweep own = resolve(doc, file.toString(), tree, defaultName, folder);
    if (record != tree) checkDrawn(file.toString(), own, ((Map<?, ?>) record).get(Sweep.DRAWN));
    if (engine == null) return own;
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
    return resolve(doc, file + " (--engine " + engine + ")", copy, defaultName, folder);
  }

  /**
   * The sweep.yaml of a results folder (beside its runs/) also records how the sweep was run
   * ({@code stacking}, see SweepResume); that key is not part of the sweep and is dropped here.
   * In a sweep file it is an unknown key like any other.
   */
  @SuppressWarnings("unchecked")
  private static Object withoutRunRecord(Path file, Object tree) {
    if (!(tree instanceof Map<?, ?> map)
        || !(map.containsKey(SweepResume.STACKING) || map.containsKey(Sweep.DRAWN))
        || !file.getFileName().toString().equals("sweep.yaml")
        || !Files.isDirectory(file.resolveSibling("runs"))) {
      return tree;
    }
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
    copy.remove(SweepResume.STACKING);
    copy.remove(Sweep.DRAWN);
    return copy;
  }

  /**
   * A stored random search's {@code drawn:} points (sweep.yaml records them) must be the points
   * its search draws now, to the bit: else the job folders would not be the jobs. A difference
   * (another sampler, an edited file) is one line naming the first differing value.
   */
  static void checkDrawn(String where, Sweep sweep, Object recorded) {
    if (!sweep.random()) {
      if (recorded == null) return;
      throw new UserError(where + ": " + Sweep.DRAWN + ": only a random search records drawn"
          + " points; move the sweep folder away to start over");
    }
    List<Map<String, Object>> now = sweep.drawn();
    if (!(recorded instanceof List<?> list) || list.size() != now.size()) {
      throw new UserError(where + ": " + Sweep.DRAWN + ": " + (recorded == null ? "missing"
          : "not the " + now.size() + " points of samples: " + now.size()) + "; sweep.yaml must"
          + " list the points its random search draws; move the sweep folder away to start"
          + " over");
    }
    for (int i = 0; i < now.size(); i++) {
      Object stored = list.get(i);
      for (Map.Entry<String, Object> e : now.get(i).entrySet()) {
        Object value = stored instanceof Map<?, ?> m && m.get(e.getKey()) != null
            ? SpecSchema.field(e.getKey()).type().check(m.get(e.getKey())) : null;
        if (!e.getValue().equals(value)) {
          throw new UserError(where + ": " + Sweep.DRAWN + ": sample " + i + ": " + e.getKey()
              + ": " + (value == null ? "missing" : Values.show(value)) + " in sweep.yaml, "
              + Values.show(e.getValue()) + " drawn now (the file or the sampler changed); move"
              + " the sweep folder away to start over");
        }
      }
    }
  }

  /** Resolves a parsed sweep (a mapping); {@code source} names it in errors. */
  public static Sweep resolve(String source, Object tree, String defaultName) {
    return resolve(null, source, tree, defaultName, SpecPaths.workingDir());
  }

  /**
   * As {@link #resolve(String, Object, String)}, with the places of {@code doc} (may be null) in
   * errors and relative paths resolved against {@code folder}.
   */
  static Sweep resolve(YamlDoc doc, String source, Object tree, String defaultName,
      Path folder) {
    return resolve(doc, source, tree, defaultName, folder, Map.of());
  }

  /**
   * As {@link #resolve(String, Object, String)}, a sweep defined on the command line: errors
   * about a {@code set:} or {@code grid:} key name the argument that gave it ({@code places}:
   * "grid.optimizer.lr" to "--grid optimizer.lr=0.01,0.1").
   */
  public static Sweep resolve(String source, Object tree, String defaultName,
      Map<String, String> places) {
    return resolve(null, source, tree, defaultName, SpecPaths.workingDir(), places);
  }

  private static Sweep resolve(YamlDoc doc, String source, Object tree, String defaultName,
      Path folder, Map<String, String> places) {
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
        String where = doc != null && doc.tree() == map ? doc.where(List.of(key)) : source;
        throw new UserError(where + ": " + key + ": unknown key" + hint + "; allowed keys: "
            + String.join(", ", KEYS));
      }
    }
    for (String key : List.of("grid", "seeds", "success")) {
      if (!map.containsKey(key)) {
        throw new UserError(source + ": " + key + ": missing; required: " + switch (key) {
          case "grid" -> "a mapping of spec keys to lists of values, e.g. grid: {optimizer.lr:"
              + " [0.01, 0.1]}";
          case "seeds" -> "a count N (seeds 0..N-1) or a list, e.g. seeds: 5";
          default -> "what counts as a job's success, e.g. success: {train_accuracy: 1.0}";
        });
      }
    }
    String name = checked(source, "name", map.containsKey("name") ? map.get("name") : defaultName,
        ValueType.Name.sweep()).toString();
    String description = map.containsKey("description")
        ? checked(source, "description", map.get("description"), new ValueType.Text()).toString()
        : "";
    Map<String, Given> set = flatKeys(doc, source, "set", map.get("set"), false, places);
    SpecPaths.resolve(set, folder, "the sweep file's folder");
    Map<String, Given> gridRaw = flatKeys(doc, source, "grid", map.get("grid"), true, places);
    ExperimentSpec base = baseSpec(doc, source, map, name, folder);
    String basedOn = map.get("base") != null ? String.valueOf(map.get("base"))
        : map.get("based_on") instanceof String s ? s : null;

    Map<String, Object> fixed = new LinkedHashMap<>();
    for (Map.Entry<String, Given> e : set.entrySet()) {
      fixed.put(e.getKey(), checked(e.getValue().where(), "set." + e.getKey(),
          e.getValue().value(), SpecSchema.field(e.getKey()).type()));
    }
    RandomSearch.Search search = search(source, map, gridRaw);
    for (String key : gridRaw.keySet()) {
      if (set.containsKey(key)) {
        throw new UserError(gridRaw.get(key).where() + ": grid." + key + ": also under set:;"
            + " allowed: a key in one of them (set: fixes it for every job, grid: varies it)");
      }
    }
    List<Long> seeds = seeds(source, map.get("seeds"));
    checkJobCount(source, search, seeds.size());
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    List<Map<String, Object>> points;
    if (search.random()) {
      points = RandomSearch.draw(search, SpecSchema.fields());
      for (String k : search.space().keySet()) {
        grid.put(k, points.stream().map(p -> p.get(k)).toList());
      }
    } else {
      search.space().forEach((k, v) -> grid.put(k, castList(v)));
      points = gridPoints(grid);
    }
    Success success = Success.parse(source, map.get("success"));
    Double target = null;
    if (map.get("target_loss") != null) {
      target = (Double) checked(source, "target_loss", map.get("target_loss"),
          new ValueType.Real(0, false, 1e6));
    }
    Map<String, Object> baseValues = new LinkedHashMap<>(base.values());
    baseValues.putAll(fixed);
    ExperimentSpec resolvedBase = SpecLoader.check(source, baseValues, name);
    List<Job> jobs = expand(source, name, resolvedBase, points, seeds);
    // Per job: a grid may even sweep the experiment key.
    jobs.stream().map(j -> j.spec().experiment()).distinct()
        .forEach(e -> success.checkMeasured(source, e));
    return new Sweep(name, description, source, basedOn, resolvedBase, grid, seeds, success,
        target, jobs, search);
  }

  /**
   * Refuses, before anything is expanded, a sweep of more than {@link #MAX_JOBS} jobs, naming
   * what multiplies up to it.
   */
  private static void checkJobCount(String source, RandomSearch.Search search, int seeds) {
    long jobs = seeds;
    List<String> factors = new ArrayList<>();
    if (search.random()) {
      jobs *= search.samples();
      factors.add("samples " + search.samples());
    } else {
      for (Map.Entry<String, Object> e : search.space().entrySet()) {
        int n = ((List<?>) e.getValue()).size();
        jobs = Math.min(Long.MAX_VALUE / 2, jobs * n);
        factors.add(e.getKey() + " " + n);
      }
    }
    factors.add("seeds " + seeds);
    if (jobs > MAX_JOBS) {
      throw new UserError(source + ": " + (jobs >= Long.MAX_VALUE / 2 ? "too many" : jobs)
          + " jobs (" + String.join(" x ", factors) + "); allowed: at most " + MAX_JOBS
          + " jobs in one sweep; list fewer values or seeds, or split the sweep");
    }
  }

  /** The Cartesian product of the grid, keys in file order with the first key varying slowest. */
  static List<Map<String, Object>> gridPoints(Map<String, List<Object>> grid) {
    List<String> keys = new ArrayList<>(grid.keySet());
    int points = 1;
    for (List<Object> v : grid.values()) points = Math.multiplyExact(points, v.size());
    List<Map<String, Object>> out = new ArrayList<>();
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
      out.add(ordered);
    }
    return out;
  }

  /**
   * Every point on every seed (seeds innermost), numbered in that order. Each job's spec is
   * resolved and checked here.
   */
  static List<Job> expand(String source, String name, ExperimentSpec base,
      List<Map<String, Object>> points, List<Long> seeds) {
    List<Job> jobs = new ArrayList<>();
    for (int p = 0; p < points.size(); p++) {
      Map<String, Object> ordered = points.get(p);
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

  /**
   * {@code search:} (grid, the default, or random), {@code samples:} and {@code search_seed:}
   * (random only), and the grid's values checked for that search: lists for a grid; lists
   * (choices) or distributions for a random search.
   */
  private static RandomSearch.Search search(String source, Map<?, ?> map,
      Map<String, Given> gridRaw) {
    Object kind = map.containsKey("search") ? map.get("search") : RandomSearch.GRID;
    if (!RandomSearch.GRID.equals(kind) && !RandomSearch.RANDOM.equals(kind)) {
      throw new UserError(source + ": search: " + show(kind) + " is not allowed; allowed: grid"
          + " (every combination, the default) or random (samples: N points drawn from the"
          + " grid's distributions)");
    }
    Map<String, Object> space = new LinkedHashMap<>();
    if (RandomSearch.GRID.equals(kind)) {
      for (String k : List.of("samples", "search_seed")) {
        if (map.containsKey(k)) {
          throw new UserError(source + ": " + k + ": only with search: random (this sweep's"
              + " search is grid: every combination of the grid's lists)");
        }
      }
      for (Map.Entry<String, Given> e : gridRaw.entrySet()) {
        Object raw = e.getValue().value();
        if (RandomSearch.looksLikeDistribution(raw)
            && RandomSearch.takesOneNumber(SpecSchema.field(e.getKey()))) {
          throw new UserError(e.getValue().where() + ": grid." + e.getKey() + ": '" + raw
              + "' is a distribution; distributions need search: random (with samples: N);"
              + " allowed under search: grid: a non-empty list of values");
        }
        space.put(e.getKey(), gridValues(e.getValue().where(), e.getKey(), raw));
      }
      return new RandomSearch.Search(RandomSearch.GRID, 0, 0, space);
    }
    Object rawSamples = map.get("samples");
    Object samples = rawSamples == null ? null
        : new ValueType.Int(1, RandomSearch.MAX_SAMPLES).check(rawSamples);
    if (samples == null) {
      throw new UserError(source + ": samples: " + (rawSamples == null ? "missing"
          : show(rawSamples) + " is not allowed") + "; allowed: with search: random, a whole"
          + " number from 1 to " + RandomSearch.MAX_SAMPLES + " (the points drawn, each run on"
          + " every seed)");
    }
    long seed = RandomSearch.DEFAULT_SEED;
    if (map.containsKey("search_seed")) {
      Object s = map.get("search_seed") == null ? null
          : new ValueType.Seed().check(map.get("search_seed"));
      if (s == null) {
        throw new UserError(source + ": search_seed: " + show(map.get("search_seed"))
            + " is not allowed; allowed: a whole number >= 0 (default "
            + RandomSearch.DEFAULT_SEED + ")");
      }
      seed = (Long) s;
    }
    for (Map.Entry<String, Given> e : gridRaw.entrySet()) {
      String key = e.getKey();
      Object raw = e.getValue().value();
      String where = e.getValue().where();
      if (raw instanceof String text) {
        space.put(key, RandomSearch.checkDistribution(where, key, SpecSchema.field(key), text));
      } else if (raw instanceof List<?>) {
        space.put(key, gridValues(where, key, raw));
      } else {
        throw new UserError(where + ": grid." + key + ": " + show(raw) + " is not allowed;"
            + " allowed under search: random: " + RandomSearch.ALLOWED
            + " (a fixed value goes under set:)");
      }
    }
    return new RandomSearch.Search(RandomSearch.RANDOM, (Integer) samples, seed, space);
  }

  private static ExperimentSpec baseSpec(YamlDoc doc, String source, Map<?, ?> map, String name,
      Path folder) {
    boolean hasBase = map.get("base") != null;
    boolean hasSpec = map.get("spec") != null;
    if (hasBase == hasSpec) {
      throw new UserError(source + ": base/spec: " + (hasBase ? "both given" : "missing")
          + "; allowed: exactly one of base (an experiment of experiments/, e.g. xor-3hidden) or "
          + "spec (an inline spec)");
    }
    if (hasSpec) {
      if (doc != null && doc.tree() == map) {
        return SpecLoader.resolve(doc, List.of("spec"), Overrides.none(), name, folder);
      }
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
        if (seed == null) {
          throw new UserError(source + ": seeds: " + show(o) + " is not allowed; allowed: "
              + allowed);
        }
        if (out.contains(seed)) {
          throw new UserError(source + ": seeds: " + seed + " is listed twice; allowed: distinct"
              + " whole numbers >= 0");
        }
        out.add((Long) seed);
      }
      return out;
    }
    throw new UserError(source + ": seeds: " + show(raw) + " is not allowed; allowed: " + allowed);
  }

  /**
   * A mapping of spec keys, nested (optimizer: {lr: ...}) or dotted (optimizer.lr: ...), with
   * where each was given; a key given both ways is an error naming both lines.
   */
  /** The keys of a block with the places {@code places} gives them (command-line arguments). */
  private static Map<String, Given> placed(Map<String, Given> keys, String block,
      Map<String, String> places) {
    if (places.isEmpty()) return keys;
    Map<String, Given> out = new LinkedHashMap<>();
    keys.forEach((k, g) -> {
      String where = places.get(block + "." + k);
      out.put(k, where == null ? g : new Given(g.value(), where, g.raw(), where));
    });
    return out;
  }

  private static Map<String, Given> flatKeys(YamlDoc doc, String source, String block,
      Object raw, boolean required, Map<String, String> places) {
    if (raw == null && !required) return new LinkedHashMap<>();
    if (!(raw instanceof Map<?, ?> map) || (required && map.isEmpty())) {
      throw new UserError(source + ": " + block + ": " + show(raw) + " is not allowed; allowed: "
          + (required ? "a non-empty " : "a ") + "mapping of spec keys to "
          + (required ? "lists of values" : "values") + ", e.g. optimizer.lr: "
          + (required ? "[0.01, 0.1]" : "0.1"));
    }
    Map<String, Given> out = placed(SpecLoader.flatten(doc, List.of(block), map, source), block,
        places);
    for (Map.Entry<String, Given> e : out.entrySet()) {
      String key = e.getKey();
      if (SpecSchema.field(key) == null || NOT_SWEPT.contains(key)) {
        List<String> allowed = SpecSchema.fields().keySet().stream()
            .filter(k -> !NOT_SWEPT.contains(k)).toList();
        String why = SpecSchema.field(key) == null
            ? "unknown spec key" + SpecLoader.didYouMean(key, allowed) + "; near: "
                + String.join(", ", SpecLoader.near(key, allowed, 5))
                + " (the full list: ./lab keys)"
            : "cannot be set by a sweep (seeds: sets the seed, the sweep names the jobs)";
        throw new UserError(e.getValue().where() + ": " + block + "." + key + ": " + why);
      }
    }
    return out;
  }

  private static Object checked(String source, String key, Object raw, ValueType type) {
    Object v = raw == null ? null : type.check(raw);
    if (v == null) {
      throw new UserError(source + ": " + key + ": " + show(raw) + " is not allowed; allowed: "
          + type.allowed());
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object v) {
    return (List<Object>) v;
  }

  static String show(Object raw) {
    if (raw == null) return "an empty value";
    if (raw instanceof String s) return "'" + s + "'";
    if (raw instanceof Map<?, ?> m) return m.isEmpty() ? "an empty mapping" : "a mapping";
    if (raw instanceof List<?> l && l.isEmpty()) return "an empty list";
    return String.valueOf(raw);
  }
}
