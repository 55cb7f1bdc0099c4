package lab.sweep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import lab.chart.Charts;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.results.ResultsFolder;

/**
 * Runs (result folders) side by side, written to {@code results/compare/<name>/}: compare.md and
 * compare.json (the spec keys whose values differ, the final metrics, early stopping's epochs
 * where a run has them) and compare.png (the runs' loss curves, on a log scale unless every
 * run's own loss chart is linear, and accuracy curves, overlaid, one line per run and
 * evaluation set). Runs of different experiments can be set side
 * by side; curves are drawn for the metrics columns every run has, and the others are named.
 */
public final class RunComparison {
  /** The folder under the results root that comparisons go to. */
  public static final String FOLDER = "compare";
  static final String MD = "compare.md";
  static final String JSON = "compare.json";
  static final String PNG = "compare.png";
  private static final List<String> NUMBERS = List.of("final_train_loss", "train_accuracy",
      "valid_loss", "valid_accuracy", "test_loss", "test_accuracy", "train_seconds");
  private static final Set<String> NOT_RECIPE = Set.of("name", "description");
  private static final List<String> SETS = List.of("train", "valid", "test");
  private static final int NAME_MAX = 100;
  /** The experiments whose own loss chart has a linear axis (noisy XOR's losses span little). */
  private static final Set<String> NOT_LOG = Set.of("noisy-xor");

  /** What was written: the folder and the table printed. */
  public record Written(Path dir, String table) {}

  private record Run(String name, Path dir, Map<String, Object> summary,
      Map<String, Object> spec, MetricsTable metrics) {}

  private RunComparison() {}

  /** The comparison's folder name: the runs' names joined by -vs- (long ones shortened). */
  static String name(List<String> runs) {
    String joined = String.join("-vs-", runs);
    String safe = joined.replaceAll("[^A-Za-z0-9._+=,@-]", "_");
    if (safe.length() <= NAME_MAX && safe.equals(joined)) return safe;
    try {
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(joined.getBytes(StandardCharsets.UTF_8)));
      return safe.substring(0, Math.min(60, safe.length())) + "_" + sha.substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares the result folders {@code dirs} (two or more) into {@code root}/compare/NAME/. */
  public static Written write(Path root, List<Path> dirs) {
    List<Run> runs = read(dirs);
    String name = name(runs.stream().map(Run::name).toList());
    Path target = root.resolve(FOLDER).resolve(name);
    Comparison c = compare(runs);
    try (ResultsFolder folder = ResultsFolder.begin(target)) {
      Path dir = folder.dir();
      Files.writeString(dir.resolve(MD), c.markdown(), StandardCharsets.UTF_8);
      Json.write(dir.resolve(JSON), c.json());
      chart(dir.resolve(PNG), runs, c.shared());
      folder.commit();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Written(target, c.markdown());
  }

  private static List<Run> read(List<Path> dirs) {
    List<Run> runs = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Path d : dirs) {
      Map<String, Object> s = Json.read(d.resolve("summary.json"));
      Map<String, Object> flat = new LinkedHashMap<>();
      if (s.get("spec") instanceof Map<?, ?> spec) flatten("", spec, flat);
      Path csv = d.resolve("metrics.csv");
      MetricsTable m = Files.isRegularFile(csv) ? MetricsTable.read(csv) : null;
      String name = d.getFileName().toString();
      // Two folders of one name (from two results roots): the second is told apart by number.
      String unique = name;
      for (int k = 2; !names.add(unique); k++) unique = name + "(" + k + ")";
      runs.add(new Run(unique, d, s, flat, m));
    }
    return runs;
  }

  private record Comparison(String markdown, Map<String, Object> json, List<String> shared) {}

  private static Comparison compare(List<Run> runs) {
    // The schema's keys in its order, then any other key a (older) spec.yaml holds.
    Set<String> keys = new LinkedHashSet<>(lab.spec.SpecSchema.fields().keySet());
    for (Run r : runs) keys.addAll(r.spec().keySet());
    List<String> differing = new ArrayList<>();
    for (String k : keys) {
      if (NOT_RECIPE.contains(k)) continue;
      Object first = value(runs.get(0), k);
      if (runs.stream().anyMatch(o -> !Objects.equals(value(o, k), first))) differing.add(k);
    }
    List<String> numbers = NUMBERS.stream().filter(n -> runs.stream()
        .anyMatch(r -> r.summary().get(n) instanceof Number)).toList();
    boolean anyStopping = runs.stream().anyMatch(r -> r.summary().get("early_stopping") != null);

    // Metrics columns: those every run has are charted; the others are named.
    List<String> all = new ArrayList<>();
    for (Run r : runs) {
      if (r.metrics() == null) continue;
      for (String c : r.metrics().columns()) if (!all.contains(c)) all.add(c);
    }
    List<String> shared = all.stream().filter(c -> runs.stream()
        .allMatch(r -> r.metrics() != null && r.metrics().has(c))).toList();
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (String c : all) {
      if (shared.contains(c)) continue;
      missing.put(c, runs.stream().filter(r -> r.metrics() == null || !r.metrics().has(c))
          .map(Run::name).toList());
    }

    StringBuilder md = new StringBuilder("| run |");
    for (String k : differing) md.append(' ').append(k).append(" |");
    md.append(" engine |");
    for (String n : numbers) md.append(' ').append(n).append(" |");
    if (anyStopping) md.append(" stop_epoch | best_epoch |");
    int cols = differing.size() + 1 + numbers.size() + (anyStopping ? 2 : 0);
    md.append("\n|---|").append("---|".repeat(cols)).append('\n');
    List<Map<String, Object>> jsonRuns = new ArrayList<>();
    for (Run r : runs) {
      md.append("| ").append(r.name()).append(" |");
      Map<String, Object> spec = new LinkedHashMap<>();
      for (String k : differing) {
        md.append(' ').append(show(value(r, k))).append(" |");
        spec.put(k, value(r, k));
      }
      md.append(' ').append(show(engine(r))).append(" |");
      Map<String, Object> fin = new LinkedHashMap<>();
      for (String n : numbers) {
        Object v = r.summary().get(n);
        md.append(' ').append(v instanceof Number x
            ? String.format(Locale.ROOT, "%.6g", x.doubleValue()) : "-").append(" |");
        fin.put(n, v instanceof Number ? v : null);
      }
      Object es = r.summary().get("early_stopping");
      if (anyStopping) {
        Map<?, ?> e = es instanceof Map<?, ?> m ? m : Map.of();
        md.append(' ').append(e.isEmpty() ? "-" : e.get("stop_epoch")).append(" | ")
            .append(e.isEmpty() ? "-" : e.get("best_epoch")).append(" |");
      }
      md.append('\n');
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("name", r.name());
      j.put("path", r.dir().toAbsolutePath().normalize().toString());
      j.put("experiment", r.summary().get("experiment"));
      j.put("engine", engine(r));
      j.put("differing_spec", spec);
      j.put("final", fin);
      if (es != null) j.put("early_stopping", es);
      if (Boolean.TRUE.equals(r.summary().get("diverged"))) j.put("diverged", true);
      jsonRuns.add(j);
    }
    if (differing.isEmpty()) md.append("\n(the runs have the same spec)\n");
    for (Run r : runs) {
      if (r.metrics() == null) {
        md.append("\n").append(r.name()).append(": no metrics.csv (")
            .append(Boolean.TRUE.equals(r.summary().get("diverged")) ? "diverged" : "none")
            .append("); no curves\n");
      }
    }
    if (!missing.isEmpty()) {
      md.append("\nColumns of metrics.csv not in every run (not charted): ");
      List<String> parts = new ArrayList<>();
      missing.forEach((c, lacking) -> parts.add(c + " (missing in " + String.join(", ", lacking)
          + ")"));
      md.append(String.join("; ", parts)).append('\n');
    }
    md.append("\nCurves: ").append(PNG).append(" (loss and accuracy per epoch)\n");

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("runs", jsonRuns);
    json.put("differing_spec_keys", differing);
    json.put("shared_metrics_columns", shared);
    json.put("missing_metrics_columns", missing);
    json.put("chart", PNG);
    return new Comparison(md.toString(), json, shared);
  }

  /** compare.png: loss and, when every run has it, accuracy, per set and run. */
  private static void chart(Path png, List<Run> runs, List<String> shared) {
    List<Charts.Series> loss = new ArrayList<>();
    List<Charts.Series> accuracy = new ArrayList<>();
    List<String> sets = SETS.stream().filter(s -> shared.contains(s + "_loss")).toList();
    for (Run r : runs) {
      if (r.metrics() == null) continue;
      double[] epoch = r.metrics().column("epoch");
      for (String set : sets) {
        String label = sets.size() > 1 ? r.name() + " (" + (set.equals("valid") ? "validation"
            : set) + ")" : r.name();
        loss.add(new Charts.Series(label, epoch, r.metrics().column(set + "_loss")));
        if (shared.contains(set + "_accuracy")) {
          accuracy.add(new Charts.Series(label, epoch, r.metrics().column(set + "_accuracy")));
        }
      }
    }
    String what = sets.size() == 1 ? sets.get(0) + " " : "";
    // Log scale as the runs' own loss charts: all but noisy XOR's (lab.experiment's charts).
    boolean log = runs.stream().anyMatch(r -> !NOT_LOG.contains(r.spec().get("experiment")));
    List<Charts.Panel> panels = new ArrayList<>();
    panels.add(new Charts.Panel(what + "loss per epoch", "epoch",
        log ? "loss (log scale)" : "loss", log, loss, false));
    if (!accuracy.isEmpty()) {
      panels.add(new Charts.Panel(what + "accuracy per epoch", "epoch", "accuracy", false,
          accuracy, true));
    }
    Charts.panels(png, panels);
  }

  /**
   * A run's value of a spec key; a key its spec.yaml lacks (a run older than the key) has the
   * schema's default when the key applies to its experiment, so it does not show as a difference.
   */
  private static Object value(Run r, String key) {
    if (r.spec().containsKey(key)) return r.spec().get(key);
    lab.spec.Field f = lab.spec.SpecSchema.field(key);
    Object experiment = r.spec().get("experiment");
    return f != null && experiment instanceof String e && f.appliesTo(e) ? f.defaultValue() : null;
  }

  /** The engine that trained the run (summary.json), or the spec's for older summaries. */
  private static Object engine(Run r) {
    Object e = r.summary().get("engine");
    return e != null ? e : value(r, "engine");
  }

  private static String show(Object v) {
    return v == null || "".equals(v) ? "-" : String.valueOf(v);
  }

  private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> out) {
    m.forEach((k, v) -> {
      if (v instanceof Map<?, ?> child) flatten(prefix + k + ".", child, out);
      else out.put(prefix + k, v);
    });
  }
}
