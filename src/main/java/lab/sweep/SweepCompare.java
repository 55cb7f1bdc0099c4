package lab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.core.UserError;

/**
 * Sets the grid points of several stored sweeps side by side: one table (success k/N and median
 * final loss per sweep) and one chart of the success rates. Points match by their swept values.
 */
public final class SweepCompare {
  /** Keys that name a run or set what is logged, not what is trained. */
  private static final java.util.Set<String> NOT_RECIPE =
      java.util.Set.of("name", "description", "seed", "log_every", "record_every");

  private SweepCompare() {}

  /** Keys swept anywhere, then keys whose base value differs between the sweeps. */
  private static List<String> recipeKeys(java.util.Collection<Sweep> sweeps) {
    List<String> keys = new ArrayList<>();
    for (Sweep s : sweeps) {
      for (String k : s.grid().keySet()) if (!keys.contains(k)) keys.add(k);
    }
    Sweep first = sweeps.iterator().next();
    for (String k : first.base().values().keySet()) {
      if (keys.contains(k) || NOT_RECIPE.contains(k)) continue;
      for (Sweep s : sweeps) {
        if (!java.util.Objects.equals(first.base().values().get(k), s.base().values().get(k))) {
          keys.add(k);
          break;
        }
      }
    }
    return keys;
  }

  /** Writes compare-a-vs-b.md and .png into {@code sweepsRoot}; returns the table. */
  public static String compare(Path sweepsRoot, List<String> names) {
    if (names.size() < 2) {
      throw new UserError("compare: " + names.size() + " sweep(s) given; allowed: two or more");
    }
    Map<String, Sweep> sweeps = new LinkedHashMap<>();
    for (String name : names) {
      Path dir = sweepsRoot.resolve(name);
      if (!java.nio.file.Files.isRegularFile(dir.resolve("sweep.yaml"))) {
        throw new UserError(dir + ": no sweep there (no sweep.yaml); run ./lab sweep " + name);
      }
      sweeps.put(name, SweepLoader.load(dir.resolve("sweep.yaml")));
    }
    List<String> keys = recipeKeys(sweeps.values());
    Map<String, Map<String, PointStats>> bySweep = new LinkedHashMap<>();
    List<String> points = new ArrayList<>();
    Map<String, String> shortLabels = new LinkedHashMap<>();
    for (String name : names) {
      Sweep sweep = sweeps.get(name);
      Map<String, PointStats> stats = new LinkedHashMap<>();
      Path dir = sweepsRoot.resolve(name);
      for (PointStats p : SweepReport.points(SweepReport.results(sweep, dir))) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        for (String k : keys) recipe.put(k, p.first().spec().values().get(k));
        String label = Values.point(recipe);
        shortLabels.putIfAbsent(label, Values.shortPoint(recipe));
        stats.put(label, p);
        if (!points.contains(label)) points.add(label);
      }
      bySweep.put(name, stats);
    }
    StringBuilder md =
        new StringBuilder("# Compare " + String.join(" vs ", names) + "\n\n| point |");
    for (String n : names) md.append(' ').append(n).append(" success | ").append(n)
        .append(" median final loss |");
    md.append("\n|---|").append("---|---|".repeat(names.size())).append('\n');
    for (String point : points) {
      md.append("| ").append(point).append(" |");
      for (String n : names) {
        PointStats p = bySweep.get(n).get(point);
        md.append(p == null ? " - | - |" : " " + p.successes() + "/" + p.seeds() + " | "
            + SweepReport.g(p.medianLoss()) + " |");
      }
      md.append('\n');
    }
    md.append('\n');
    for (String n : names) {
      md.append("- ").append(n).append(": success ").append(sweeps.get(n).success().criteria())
          .append(", seeds ").append(sweeps.get(n).seeds().size()).append('\n');
    }
    String base = "compare-" + String.join("-vs-", names);
    SweepReport.writeAtomically(sweepsRoot.resolve(base + ".md"), md.toString());
    List<double[]> rates = new ArrayList<>();
    for (String n : names) {
      rates.add(points.stream().mapToDouble(pt -> {
        PointStats p = bySweep.get(n).get(pt);
        return p == null ? Double.NaN : p.successRate();
      }).toArray());
    }
    Charts.bars(sweepsRoot.resolve(base + ".png"), "success rate: " + String.join(" vs ", names),
        "recipe (" + String.join(" ", keys) + ")",
        "success rate k/N (no bar: 0, or not in that sweep)",
        points.stream().map(shortLabels::get).toList(), names, rates);
    return md.toString();
  }
}
