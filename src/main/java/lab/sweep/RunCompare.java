package lab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import lab.results.Json;
import lab.results.RunNames;

/**
 * Single runs side by side (a reference and its runs with overrides, or any result folders): the
 * spec keys whose values differ, then the final numbers of each run, as a Markdown table.
 */
public final class RunCompare {
  private static final List<String> NUMBERS = List.of("final_train_loss", "train_accuracy",
      "valid_loss", "valid_accuracy", "test_loss", "test_accuracy", "train_seconds");
  private static final java.util.Set<String> NOT_RECIPE = java.util.Set.of("name",
      "description");

  private RunCompare() {}

  /** The table for the result folders {@code dirs} (each with summary.json). */
  @SuppressWarnings("unchecked")
  public static String table(List<Path> dirs) {
    List<Map<String, Object>> summaries = new ArrayList<>();
    List<Map<String, Object>> specs = new ArrayList<>();
    for (Path d : dirs) {
      Map<String, Object> s = Json.read(d.resolve("summary.json"));
      summaries.add(s);
      Map<String, Object> flat = new LinkedHashMap<>();
      if (s.get("spec") instanceof Map<?, ?> spec) flatten("", (Map<String, Object>) spec, flat);
      specs.add(flat);
    }
    List<String> differing = new ArrayList<>();
    for (Map<String, Object> spec : specs) {
      for (String k : spec.keySet()) {
        if (differing.contains(k) || NOT_RECIPE.contains(k)) continue;
        if (specs.stream().anyMatch(o -> !Objects.equals(o.get(k), spec.get(k)))) differing.add(k);
      }
    }
    List<String> numbers = NUMBERS.stream()
        .filter(n -> summaries.stream().anyMatch(s -> s.get(n) instanceof Number)).toList();
    StringBuilder md = new StringBuilder("| run |");
    for (String k : differing) md.append(' ').append(k).append(" |");
    md.append(" engine |");
    for (String n : numbers) md.append(' ').append(n).append(" |");
    md.append("\n|---|").append("---|".repeat(differing.size() + 1 + numbers.size()))
        .append('\n');
    for (int i = 0; i < dirs.size(); i++) {
      md.append("| ").append(dirs.get(i).getFileName()).append(" |");
      for (String k : differing) md.append(' ').append(specs.get(i).get(k)).append(" |");
      md.append(' ').append(summaries.get(i).get("engine")).append(" |");
      for (String n : numbers) {
        Object v = summaries.get(i).get(n);
        md.append(' ').append(v instanceof Number x
            ? String.format(Locale.ROOT, "%.6g", x.doubleValue()) : "-").append(" |");
      }
      md.append('\n');
    }
    if (differing.isEmpty()) md.append("\n(the runs have the same spec)\n");
    return md.toString();
  }

  /** Whether a folder name is a run of {@code name} with overrides ({@code name@...}). */
  public static boolean isVariantOf(String folder, String name) {
    return folder.indexOf(RunNames.AT) > 0 && RunNames.baseOf(folder).equals(name);
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> m, Map<String, Object> out) {
    m.forEach((k, v) -> {
      if (v instanceof Map<?, ?> child) flatten(prefix + k + ".", (Map<String, Object>) child, out);
      else out.put(prefix + k, v);
    });
  }
}
