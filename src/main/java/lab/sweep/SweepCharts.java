package lab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lab.chart.Charts;
import lab.results.ResultsFolder;

/**
 * A sweep's charts, from its job results: final loss against learning rate per optimizer, the
 * success rate over two swept keys, each point's loss curves over its seeds, and a box plot of the
 * final loss per point. Drawn by {@link Charts}.
 */
public final class SweepCharts {
  private static final String LR = "optimizer.lr";
  private static final String OPTIMIZER = "optimizer.name";

  private SweepCharts() {}

  /** Redraws every chart of a stored sweep folder, without training. */
  public static void redraw(Path dir) {
    Sweep sweep = SweepLoader.load(dir.resolve("sweep.yaml"));
    draw(sweep, dir, SweepReport.results(sweep, dir));
  }

  static void draw(Sweep sweep, Path dir, List<JobResult> results) {
    Path charts = dir.resolve("charts");
    ResultsFolder.deleteTree(charts);
    try {
      Files.createDirectories(charts.resolve("curves"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<PointStats> points = SweepReport.points(results);
    if (sweep.grid().containsKey(LR)) lossVsLr(sweep, charts, results);
    if (sweep.grid().size() >= 2) successHeatMaps(sweep, charts, points);
    curves(sweep, charts, results);
    Charts.boxPlot(charts.resolve("final-loss-box.png"), sweep.name()
        + ": final training loss per point (log10, diverged seeds left out)", "grid point ("
        + String.join(" ", sweep.grid().keySet()) + ")", "log10 final train loss",
        points.stream().map(p -> Values.shortPoint(p.point())).toList(),
        points.stream().map(p -> log10(p.finalLosses())).toList());
  }

  /** One chart per combination of the swept keys other than lr and optimizer. */
  private static void lossVsLr(Sweep sweep, Path charts, List<JobResult> results) {
    Map<String, List<JobResult>> byRest = group(results, j -> rest(j.point(), LR, OPTIMIZER));
    for (Map.Entry<String, List<JobResult>> e : byRest.entrySet()) {
      Map<String, List<JobResult>> byOpt = group(e.getValue(),
          j -> String.valueOf(j.point().getOrDefault(OPTIMIZER, sweep.base().optimizer())));
      List<Charts.Series> dots = new ArrayList<>();
      List<Charts.Series> lines = new ArrayList<>();
      for (Map.Entry<String, List<JobResult>> o : byOpt.entrySet()) {
        List<JobResult> ok = o.getValue().stream().filter(r -> !r.diverged()).toList();
        dots.add(new Charts.Series(o.getKey() + ", each seed",
            ok.stream().mapToDouble(r -> lr(r)).toArray(),
            ok.stream().mapToDouble(JobResult::finalTrainLoss).toArray()));
        Map<Double, List<JobResult>> byLr = new java.util.TreeMap<>(ok.stream()
            .collect(Collectors.groupingBy(SweepCharts::lr)));
        lines.add(new Charts.Series(o.getKey() + ", median",
            byLr.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
            byLr.values().stream().mapToDouble(l -> Stats.median(
                l.stream().mapToDouble(JobResult::finalTrainLoss).toArray())).toArray()));
      }
      String suffix = e.getKey().isEmpty() ? "" : "-" + e.getKey().replace(' ', '_')
          .replaceAll("[^A-Za-z0-9._=-]", "_");
      Charts.dotsAndLines(charts.resolve("final-loss-vs-lr" + suffix + ".png"),
          sweep.name() + ": final loss vs learning rate" + (e.getKey().isEmpty() ? ""
              : " (" + e.getKey() + ")"), "learning rate (log)", "final train loss (log)",
          true, true, dots, lines);
    }
  }

  /** Success rate over the last two swept keys, one map per value of the earlier keys. */
  private static void successHeatMaps(Sweep sweep, Path charts, List<PointStats> points) {
    List<String> keys = new ArrayList<>(sweep.grid().keySet());
    String xKey = keys.get(keys.size() - 2);
    String yKey = keys.get(keys.size() - 1);
    List<String> xs = sweep.grid().get(xKey).stream().map(Values::show).toList();
    List<String> ys = sweep.grid().get(yKey).stream().map(Values::show).toList();
    Map<String, List<PointStats>> byRest = new LinkedHashMap<>();
    for (PointStats p : points) {
      byRest.computeIfAbsent(rest(p.point(), xKey, yKey), k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<String, List<PointStats>> e : byRest.entrySet()) {
      double[][] z = new double[ys.size()][xs.size()];
      for (double[] row : z) java.util.Arrays.fill(row, Double.NaN);
      for (PointStats p : e.getValue()) {
        z[ys.indexOf(Values.show(p.point().get(yKey)))][xs.indexOf(Values.show(
            p.point().get(xKey)))] = p.successRate();
      }
      String suffix = e.getKey().isEmpty() ? "" : "-" + e.getKey().replace(' ', '_')
          .replaceAll("[^A-Za-z0-9._=-]", "_");
      Charts.heatMap(charts.resolve("success-rate" + suffix + ".png"),
          sweep.name() + ": success rate" + (e.getKey().isEmpty() ? "" : " (" + e.getKey() + ")"),
          xKey, yKey, xs, ys, z, 0, 1, Charts.VIRIDIS);
    }
  }

  /** The training loss of every seed of each point, with the median and quartiles per epoch. */
  private static void curves(Sweep sweep, Path charts, List<JobResult> results) {
    Map<Integer, List<JobResult>> byPoint = results.stream().filter(r -> !r.diverged())
        .collect(Collectors.groupingBy(r -> r.job().pointIndex(), LinkedHashMap::new,
            Collectors.toList()));
    for (List<JobResult> runs : byPoint.values()) {
      Job first = runs.get(0).job();
      // Seeds of a point share the record schedule; a shorter table would be a different spec.
      double[] epoch = runs.get(0).metrics().column("epoch");
      List<double[]> losses = runs.stream()
          .map(r -> r.metrics().column("train_loss")).filter(l -> l.length == epoch.length)
          .toList();
      double[][] q = new double[3][epoch.length];
      for (int i = 0; i < epoch.length; i++) {
        final int row = i;
        double[] atEpoch = losses.stream().mapToDouble(l -> l[row]).toArray();
        q[0][i] = Stats.quantile(atEpoch, 0.25);
        q[1][i] = Stats.median(atEpoch);
        q[2][i] = Stats.quantile(atEpoch, 0.75);
      }
      Charts.band(charts.resolve("curves").resolve(String.format("point-%03d.png",
          first.pointIndex())), sweep.name() + ": " + Values.point(first.point()) + " ("
          + losses.size() + " seeds)", "epoch", "train loss (log)", true, epoch, losses,
          q[0], q[1], q[2]);
    }
  }

  private static double lr(JobResult r) {
    return r.job().spec().lr();
  }

  private static double[] log10(double[] v) {
    return java.util.Arrays.stream(v).filter(x -> x > 0).map(Math::log10).toArray();
  }

  private static String rest(Map<String, Object> point, String... without) {
    Map<String, Object> rest = new LinkedHashMap<>(point);
    for (String k : without) rest.remove(k);
    return rest.isEmpty() ? "" : Values.point(rest);
  }

  private static Map<String, List<JobResult>> group(List<JobResult> results,
      java.util.function.Function<Job, String> key) {
    return results.stream().collect(Collectors.groupingBy(r -> key.apply(r.job()),
        LinkedHashMap::new, Collectors.toList()));
  }
}
