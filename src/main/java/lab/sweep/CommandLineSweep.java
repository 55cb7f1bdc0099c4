package lab.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.Project;
import lab.core.UserError;
import lab.spec.Given;
import lab.spec.Overrides;
import lab.spec.SpecLoader;
import lab.spec.SpecSchema;

/**
 * A sweep defined by {@code ./lab sweep --base ... --grid ... --seeds ... --name ...}: the
 * mapping a sweep file with the same content would hold, resolved by the same loader, so that it
 * writes the same sweep.yaml and jobs as that file. Errors name the argument that gave a value.
 *
 * @param grids {@code KEY=VALUES} texts: comma-separated values ({@code optimizer.lr=0.01,0.1},
 *     {@code model.hidden=[2],[4]}) or one distribution ({@code optimizer.lr=loguniform(0.001,1)})
 * @param sets {@code KEY=VALUE} texts, as {@code ./lab run --set}
 * @param seeds a count ({@code 10}) or a comma-separated list ({@code 0,3,7}); null: missing
 * @param success {@code KEY=VALUE} texts ({@code train_accuracy=1}); empty: the default
 * @param engine {@code --engine}, a set value like any other; null for none
 */
public record CommandLineSweep(String base, List<String> grids, List<String> sets, String seeds,
    List<String> success, Double targetLoss, String search, Integer samples, Long searchSeed,
    String name, String description, String engine) {

  /** Where errors about the sweep's own keys (seeds, success, ...) point. */
  public static final String SOURCE = "the command line";
  /** The success criterion of an XOR sweep without --success: every point classified right. */
  static final Map<String, Object> XOR_SUCCESS = Map.of("train_accuracy", 1.0);

  /** The sweep file this command line stands for, key by key in the order a file has them. */
  public Map<String, Object> tree() {
    return build(new LinkedHashMap<>());
  }

  /** Resolves the sweep as {@link SweepLoader} resolves its file. */
  public Sweep resolve() {
    Map<String, String> places = new LinkedHashMap<>();
    Map<String, Object> tree = build(places);
    return SweepLoader.resolve(SOURCE, tree, name, places);
  }

  private Map<String, Object> build(Map<String, String> places) {
    if (name == null) {
      throw new UserError("--name: missing; a sweep given by --base and --grid needs a name:"
          + " its results go to results/sweeps/NAME/");
    }
    if (grids.isEmpty()) {
      throw new UserError("--grid: missing; give at least one, e.g. --grid optimizer.lr=0.01,0.1"
          + " (a random search: --grid 'optimizer.lr=loguniform(0.001,1)')");
    }
    if (seeds == null) {
      throw new UserError("--seeds: missing; give a count (--seeds 10: seeds 0-9) or a list"
          + " (--seeds 0,3,7)");
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", name);
    if (description != null) tree.put("description", description);
    tree.put("base", base);
    Overrides fixed = Overrides.of(sets).option("--engine", "engine", engine);
    if (!fixed.isEmpty()) {
      Map<String, Object> set = new LinkedHashMap<>();
      for (Map.Entry<String, Given> e : fixed.values().entrySet()) {
        set.put(e.getKey(), e.getValue().value());
        places.put("set." + e.getKey(), e.getValue().where());
      }
      tree.put("set", set);
    }
    if (search != null) tree.put("search", search);
    if (samples != null) tree.put("samples", samples);
    if (searchSeed != null) tree.put("search_seed", searchSeed);
    Map<String, Object> grid = new LinkedHashMap<>();
    Map<String, String> givenBy = new LinkedHashMap<>();
    for (String text : grids) {
      int eq = text.indexOf('=');
      String key = eq > 0 ? text.substring(0, eq).strip() : "";
      String values = eq > 0 ? text.substring(eq + 1).strip() : "";
      if (key.isEmpty() || values.isEmpty()) {
        throw new UserError("--grid " + text + ": expected KEY=VALUES, e.g. --grid"
            + " optimizer.lr=0.01,0.1 or --grid 'model.hidden=[2],[4]' (a random search: --grid"
            + " 'optimizer.lr=loguniform(0.001,1)')");
      }
      if (givenBy.containsKey(key)) {
        throw new UserError(key + " is given twice on the command line: --grid "
            + givenBy.get(key) + " and --grid " + text + "; give it once");
      }
      givenBy.put(key, text);
      grid.put(key, gridValues(text, key, values));
      places.put("grid." + key, "--grid " + text);
    }
    tree.put("grid", grid);
    tree.put("seeds", seeds.contains(",") ? list("--seeds " + seeds, seeds)
        : SpecLoader.parseScalar(seeds));
    tree.put("success", success.isEmpty() ? defaultSuccess() : criteria());
    if (targetLoss != null) tree.put("target_loss", targetLoss);
    return tree;
  }

  /**
   * One distribution as written (for a key that takes one number: {@code init=uniform(-1,1)} is
   * an init value, not a distribution), or the comma-separated values as a list.
   */
  private static Object gridValues(String text, String key, String values) {
    if (RandomSearch.takesOneNumber(SpecSchema.field(key))
        && RandomSearch.looksLikeDistribution(values)) {
      return values;
    }
    return list("--grid " + text, values);
  }

  /**
   * Comma-separated values, each read as YAML ({@code 0.01}, {@code adam}, {@code [2, 2]}); commas
   * inside brackets, parentheses or quotes do not separate ({@code [2,2],[4]},
   * {@code normal(0,0.1),xavier}).
   */
  private static List<Object> list(String argument, String values) {
    List<Object> out = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i <= values.length(); i++) {
      char c = i < values.length() ? values.charAt(i) : ',';
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if (c == ']' || c == ')' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String item = values.substring(start, i).strip();
        Object v = item.isEmpty() ? null : SpecLoader.parseScalar(item);
        boolean unread = v instanceof String s && s.equals(item) && item.matches(".*[\\[\\]{}].*");
        if (v == null || unread) {
          throw new UserError(argument + ": '" + values + "' is not a comma-separated list of"
              + " values; allowed e.g. 0.01,0.1 or [2],[4] or sgd,adam");
        }
        out.add(v);
        start = i + 1;
      }
    }
    if (depth != 0 || quote != 0) {
      throw new UserError(argument + ": '" + values + "' is not a comma-separated list of values"
          + " (unbalanced brackets or quotes); allowed e.g. 0.01,0.1 or [2],[4] or sgd,adam");
    }
    return out;
  }

  private Map<String, Object> criteria() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String text : success) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--success " + text + ": expected KEY=VALUE, e.g. --success"
            + " train_accuracy=1 or --success max_final_train_loss=0.05");
      }
      String key = text.substring(0, eq).strip();
      if (out.containsKey(key)) {
        throw new UserError("success." + key + " is given twice on the command line; give it"
            + " once");
      }
      out.put(key, SpecLoader.parseScalar(text.substring(eq + 1).strip()));
    }
    return out;
  }

  /**
   * Without --success: for an XOR base, all four points right ({@link #XOR_SUCCESS}); other
   * experiments have no such natural bar, so they need --success.
   */
  private Map<String, Object> defaultSuccess() {
    String experiment;
    try {
      experiment = SpecLoader.load(Project.specPath(base), List.of()).experiment();
    } catch (UserError e) {
      throw new UserError("--base " + base + ": " + e.getMessage());
    }
    Object set = sets.stream().filter(s -> s.strip().startsWith("experiment=")).findFirst()
        .map(s -> SpecLoader.parseScalar(s.substring(s.indexOf('=') + 1).strip())).orElse(null);
    if (set != null) experiment = String.valueOf(set);
    if (!experiment.equals("xor")) {
      throw new UserError("--success: missing; a sweep of experiment " + experiment + " needs"
          + " its success criterion, e.g. --success valid_accuracy=0.9 (keys: train_accuracy,"
          + " valid_accuracy, test_accuracy, max_final_train_loss)");
    }
    return new LinkedHashMap<>(XOR_SUCCESS);
  }

  /** The options of this sweep as a command line (for the resume hint), shell-quoted. */
  public List<String> arguments() {
    List<String> out = new ArrayList<>(List.of("--base", base));
    for (String g : grids) out.addAll(List.of("--grid", g));
    for (String s : sets) out.addAll(List.of("--set", s));
    out.addAll(List.of("--seeds", seeds));
    for (String s : success) out.addAll(List.of("--success", s));
    if (targetLoss != null) out.addAll(List.of("--target-loss", Values.show(targetLoss)));
    if (search != null) out.addAll(List.of("--search", search));
    if (samples != null) out.addAll(List.of("--samples", samples.toString()));
    if (searchSeed != null) out.addAll(List.of("--search-seed", searchSeed.toString()));
    out.addAll(List.of("--name", name));
    if (description != null) out.addAll(List.of("--description", description));
    return out.stream().map(CommandLineSweep::quoted).toList();
  }

  /** An argument as a POSIX shell reads it back: as it is when plain, else single-quoted. */
  public static String quoted(String arg) {
    return arg.matches("[A-Za-z0-9._=,/:@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
