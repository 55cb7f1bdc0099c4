package lab.sweep;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.ChartNames;
import lab.chart.RatePlot;
import lab.core.UserError;

/**
 * Sets the grid points of several stored sweeps side by side, or the values of one swept key
 * within a sweep: one table (success k/N with its 95% Wilson interval, median final loss, and
 * the p-values of each against the first) and one chart of the success rates with their
 * intervals. Points match by their swept values.
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
      if (!Files.isRegularFile(dir.resolve("sweep.yaml"))) {
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
    String base = "compare-" + String.join("-vs-", names);
    checkPlaces(sweepsRoot, base);
    String title = "Compare " + String.join(" vs ", names);
    String md = write(sweepsRoot, base, title, "recipe (" + String.join(" ", keys) + ")",
        points, shortLabels, names, bySweep, "the first sweep (" + names.get(0) + ")");
    StringBuilder notes = new StringBuilder(md);
    for (String n : names) {
      notes.append("- ").append(n).append(": success ").append(sweeps.get(n).success().criteria())
          .append(", seeds ").append(sweeps.get(n).seeds().size()).append('\n');
    }
    SweepReport.writeAtomically(sweepsRoot.resolve(base + ".md"), notes.toString());
    return notes.toString();
  }

  /**
   * Within one stored sweep, the values of one swept key side by side at each combination of the
   * other keys (e.g. sgd against adam at every learning rate and depth), each value tested
   * against the key's first value. Writes compare-NAME-by-KEY.md and .png.
   */
  public static String within(Path sweepsRoot, String name, String key) {
    Path dir = sweepsRoot.resolve(name);
    if (!Files.isRegularFile(dir.resolve("sweep.yaml"))) {
      throw new UserError(dir + ": no sweep there (no sweep.yaml); run ./lab sweep " + name);
    }
    Sweep sweep = SweepLoader.load(dir.resolve("sweep.yaml"));
    if (!sweep.grid().containsKey(key)) {
      throw new UserError("--by " + key + ": not a swept key of " + name + "; allowed: "
          + String.join(", ", sweep.grid().keySet()));
    }
    List<String> arms = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    Map<String, String> shortLabels = new LinkedHashMap<>();
    Map<String, Map<String, PointStats>> byArm = new LinkedHashMap<>();
    for (PointStats p : SweepReport.points(SweepReport.results(sweep, dir))) {
      String arm = Values.show(p.point().get(key));
      Map<String, Object> rest = new LinkedHashMap<>(p.point());
      rest.remove(key);
      String row = Values.point(rest);
      shortLabels.putIfAbsent(row, Values.shortPoint(rest));
      if (!arms.contains(arm)) arms.add(arm);
      if (!rows.contains(row)) rows.add(row);
      byArm.computeIfAbsent(arm, a -> new LinkedHashMap<>()).putIfAbsent(row, p);
    }
    if (arms.size() < 2) {
      throw new UserError("--by " + key + ": " + name + " has " + arms.size() + " value of it"
          + " with finished jobs; nothing to compare");
    }
    String base = "compare-" + name + "-by-" + ChartNames.key(key);
    checkPlaces(sweepsRoot, base);
    List<String> others = sweep.grid().keySet().stream().filter(k -> !k.equals(key)).toList();
    String md = write(sweepsRoot, base, "Compare " + key + " in " + name + ": "
        + String.join(" vs ", arms), others.isEmpty() ? "(no other swept key)"
        : String.join(" ", others), rows, shortLabels, arms, byArm, key + " " + arms.get(0));
    SweepReport.writeAtomically(sweepsRoot.resolve(base + ".md"), md);
    return md;
  }

  /**
   * Refuses, before anything is written, when BASE.md or BASE.png is taken by something other
   * than a file (a folder an older version let a sweep have), so that neither is half replaced.
   */
  private static void checkPlaces(Path sweepsRoot, String base) {
    for (String end : List.of(".md", ".png")) {
      Path p = sweepsRoot.resolve(base + end);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new UserError(p + ": not a file (compare writes its " + end.substring(1)
            + " there); move it away or rename it, then compare again");
      }
    }
  }

  /**
   * The table (returned; the caller writes it) and the chart: per row, each arm's success k/N
   * with its 95% Wilson interval and median final loss; for every arm after the first, the
   * p-values of Fisher's exact test (success counts) and the Mann-Whitney U test (final losses)
   * against the first arm, * where significant after Holm's correction.
   */
  private static String write(Path sweepsRoot, String base, String title, String xTitle,
      List<String> rows, Map<String, String> shortLabels, List<String> arms,
      Map<String, Map<String, PointStats>> byArm, String reference) {
    List<Double> pSuccess = new ArrayList<>();
    List<Double> pLoss = new ArrayList<>();
    for (String row : rows) {
      PointStats ref = byArm.get(arms.get(0)).get(row);
      for (String arm : arms.subList(1, arms.size())) {
        PointStats p = byArm.get(arm).get(row);
        boolean both = ref != null && p != null;
        pSuccess.add(both ? Inference.fisher(p.successes(), p.seeds(), ref.successes(),
            ref.seeds()) : Double.NaN);
        pLoss.add(both ? Inference.mannWhitney(p.finalLosses(), ref.finalLosses()) : Double.NaN);
      }
    }
    boolean[] sigSuccess = Inference.holm(pSuccess);
    boolean[] sigLoss = Inference.holm(pLoss);
    StringBuilder md = new StringBuilder("# " + title + "\n\n| point |");
    for (String a : arms) {
      md.append(' ').append(a).append(" success k/N [95% CI] | ").append(a)
          .append(" median final loss |");
    }
    for (String a : arms.subList(1, arms.size())) {
      md.append(' ').append(a).append(" vs ").append(arms.get(0)).append(": p success | ")
          .append(a).append(" vs ").append(arms.get(0)).append(": p final loss |");
    }
    md.append("\n|---|").append("---|---|".repeat(arms.size()))
        .append("---|---|".repeat(arms.size() - 1)).append('\n');
    int t = 0;
    for (String row : rows) {
      md.append("| ").append(row).append(" |");
      for (String a : arms) {
        PointStats p = byArm.get(a).get(row);
        md.append(p == null ? " - | - |" : " " + Inference.rate(p.successes(), p.seeds())
            + " | " + SweepReport.g(p.medianLoss()) + " |");
      }
      for (int i = 1; i < arms.size(); i++, t++) {
        md.append(' ').append(Inference.p(pSuccess.get(t))).append(sigSuccess[t] ? " *" : "")
            .append(" | ").append(Inference.p(pLoss.get(t))).append(sigLoss[t] ? " *" : "")
            .append(" |");
      }
      md.append('\n');
    }
    long tests = pSuccess.stream().filter(v -> !v.isNaN()).count();
    long lossTests = pLoss.stream().filter(v -> !v.isNaN()).count();
    long rawSuccess = pSuccess.stream().filter(v -> v <= Inference.ALPHA).count();
    long rawLoss = pLoss.stream().filter(v -> v <= Inference.ALPHA).count();
    md.append("\nSuccess k/N [95% CI]: k of N seeds succeeded; the brackets hold the 95% Wilson"
        + " score interval of the rate. p success: Fisher's exact test (two-sided) of the success"
        + " counts against ").append(reference).append(" at the same point. p final loss: the"
        + " Mann-Whitney U test (two-sided) of the final training losses of the seeds that did"
        + " not diverge (exact without ties and under 50 seeds a side, else the normal"
        + " approximation). * marks a difference significant at alpha 0.05 after Holm's"
        + " correction for multiple comparisons, over the ").append(tests)
        .append(" success tests and, separately, the ").append(lossTests)
        .append(" final-loss tests of this table (before the correction ").append(rawSuccess)
        .append(" and ").append(rawLoss).append(" of them are at or below 0.05). Not significant"
        + " is not the same as equal: with few seeds only large differences show.\n\n");
    List<RatePlot.Series> series = new ArrayList<>();
    for (String a : arms) {
      double[] rate = new double[rows.size()];
      double[] lo = new double[rows.size()];
      double[] hi = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        PointStats p = byArm.get(a).get(rows.get(i));
        double[] ci = p == null ? new double[] {Double.NaN, Double.NaN}
            : Inference.wilson(p.successes(), p.seeds());
        rate[i] = p == null ? Double.NaN : p.successRate();
        lo[i] = ci[0];
        hi[i] = ci[1];
      }
      series.add(new RatePlot.Series(a, rate, lo, hi));
    }
    RatePlot.draw(sweepsRoot.resolve(base + ".png"), title + ": success rate, 95% Wilson"
        + " interval", xTitle, "success rate k/N (no dot: not run)",
        rows.stream().map(shortLabels::get).toList(), series);
    return md.toString();
  }
}
