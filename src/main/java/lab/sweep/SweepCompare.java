package lab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.UserError;
import lab.chart.Charts;

/**
 * Sets the grid points of several stored sweeps side by side: one table (success k/N and median
 * final loss per sweep) and one chart of the success rates. Points match by their swept values.
 */
public final class SweepCompare {
  private SweepCompare() {}

  /** Writes compare-a-vs-b.md and .png into {@code sweepsRoot}; returns the table. */
  public static String compare(Path sweepsRoot, List<String> names) {
    if (names.size() < 2) {
      throw new UserError("compare: " + names.size() + " sweep(s) given; allowed: two or more");
    }
    Map<String, Map<String, PointStats>> bySweep = new LinkedHashMap<>();
    List<String> points = new ArrayList<>();
    for (String name : names) {
      Path dir = sweepsRoot.resolve(name);
      if (!java.nio.file.Files.isRegularFile(dir.resolve("sweep.yaml"))) {
        throw new UserError(dir + ": no sweep there (no sweep.yaml); run ./lab sweep " + name);
      }
      Sweep sweep = SweepLoader.load(dir.resolve("sweep.yaml"));
      Map<String, PointStats> stats = new LinkedHashMap<>();
      for (PointStats p : SweepReport.points(SweepReport.results(sweep, dir))) {
        String label = Values.point(p.point());
        stats.put(label, p);
        if (!points.contains(label)) points.add(label);
      }
      bySweep.put(name, stats);
    }
    StringBuilder md = new StringBuilder("# Compare " + String.join(" vs ", names) + "\n\n| point |");
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
        "grid point", "success rate (k/N)", points, names, rates);
    return md.toString();
  }
}
