package lab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lab.chart.ChartNames;
import lab.chart.Charts;
import lab.chart.RatePlot;
import lab.chart.StripPlot;

/**
 * A sweep's charts, from its job results: final loss against learning rate per optimizer, the
 * success rate (and median validation accuracy, where measured) over two axes or as bars over
 * one, each point's loss curves over its seeds with their interquartile band, and strip plots of
 * the final loss (and validation accuracy) per point, every seed a dot. Drawn by {@link Charts}
 * and {@link StripPlot}; file names by {@link ChartNames}.
 */
public final class SweepCharts {
  private static final String LR = "optimizer.lr";
  private static final String OPTIMIZER = "optimizer.name";
  private static final String HIDDEN = "model.hidden";
  private static final String VALID = "valid_accuracy";

  /**
   * The files this class writes into charts/, under today's names and earlier ones (such as
   * final-loss-box.png and final-loss-vs-lr-model.hidden=_2_.png): a redraw deletes these only.
   */
  static final Pattern GENERATED = Pattern.compile(
      "(final-loss|success-rate|valid-accuracy)[A-Za-z0-9._=,\\[\\]-]*\\.png");
  /** The curves/ files, today's and earlier. */
  static final Pattern GENERATED_CURVES = Pattern.compile("point-[0-9]+(-valid)?\\.png");

  private SweepCharts() {}

  /** Redraws every chart of a stored sweep folder, without training. */
  public static void redraw(Path dir) {
    Sweep sweep = SweepLoader.load(dir.resolve("sweep.yaml"));
    draw(sweep, dir, SweepReport.results(sweep, dir));
  }

  static void draw(Sweep sweep, Path dir, List<JobResult> results) {
    Path charts = dir.resolve("charts");
    ChartNames.removeGenerated(charts, GENERATED);
    ChartNames.removeGenerated(charts.resolve("curves"), GENERATED_CURVES);
    try {
      Files.createDirectories(charts.resolve("curves"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<PointStats> points = SweepReport.points(results);
    if (sweep.random()) {
      // Drawn points: no two share a value of a continuous key, so no grid of them to map.
      for (String key : sweep.grid().keySet()) lossVsKey(sweep, charts, results, key);
    } else {
      if (sweep.grid().containsKey(LR)) lossVsLr(sweep, charts, results);
      // One grid point (many seeds of one recipe): summary.md says its rate; a chart adds nothing.
      if (sweep.points() > 1) perPointMaps(sweep, charts, points);
    }
    curves(sweep, charts, results, "train_loss", "", "train loss");
    if (results.stream().anyMatch(r -> r.metrics() != null && r.metrics().has("valid_loss"))) {
      curves(sweep, charts, results, "valid_loss", "-valid", "validation loss");
    }
    String xTitle = "grid point (" + String.join(" ", sweep.grid().keySet()) + ")";
    StripPlot.draw(charts, "final-loss-strip", sweep.name()
        + ": final training loss per point (diverged seeds left out)", xTitle,
        "final train loss (log)", true, points.stream()
            .map(p -> new StripPlot.Strip(Values.shortPoint(p.point()), p.finalLosses()))
            .toList());
    if (points.stream().anyMatch(p -> p.accuracies().containsKey(VALID))) {
      StripPlot.draw(charts, "valid-accuracy-strip", sweep.name()
          + ": final validation accuracy per point", xTitle, "validation accuracy", false,
          points.stream().map(p -> new StripPlot.Strip(Values.shortPoint(p.point()),
              p.accuracies().getOrDefault(VALID, new double[0]))).toList());
    }
  }

  /** "hidden-2-2-2", "optimizer-adam": a point's keys and values as chart file name parts. */
  static String[] nameParts(Map<String, Object> point) {
    return point.entrySet().stream()
        .map(e -> ChartNames.key(e.getKey()) + "-" + Values.show(e.getValue()))
        .toArray(String[]::new);
  }

  /**
   * A random search's final loss against one numeric key: every job a dot, succeeded and failed
   * jobs in two colours (diverged jobs, which have no final loss, counted in the title); the x
   * axis logarithmic for a loguniform key. final-loss-vs-KEY.png. Keys of other values (a choice
   * of optimizers, of layer lists) are left to the strip plot.
   */
  private static void lossVsKey(Sweep sweep, Path charts, List<JobResult> results, String key) {
    if (!results.stream().allMatch(r -> r.job().point().get(key) instanceof Number)) return;
    RandomSearch.Distribution d = sweep.search().distribution(key);
    boolean logX = d != null ? d.logScale() : false;
    List<Charts.Series> dots = new ArrayList<>();
    List<Charts.Series> lines = new ArrayList<>();
    for (boolean ok : new boolean[] {true, false}) {
      List<JobResult> these = results.stream()
          .filter(r -> !r.diverged() && r.success() == ok).toList();
      dots.add(new Charts.Series((ok ? "succeeded" : "failed") + " (" + these.size() + ")",
          these.stream().mapToDouble(r -> ((Number) r.job().point().get(key)).doubleValue())
              .toArray(),
          these.stream().mapToDouble(JobResult::finalTrainLoss).toArray()));
      lines.add(new Charts.Series(ok ? "" : " ", new double[0], new double[0]));
    }
    long diverged = results.stream().filter(JobResult::diverged).count();
    String name = "final-loss-vs-" + ChartNames.key(key);
    Charts.dotsAndLines(charts.resolve(ChartNames.png(name)), sweep.name()
        + ": final loss vs " + key + " (" + results.size() + " jobs"
        + (diverged > 0 ? ", " + diverged + " diverged, not shown" : "") + ")",
        key + (logX ? " (log)" : "") + (d != null ? ", drawn from " + d : ""),
        "final train loss (log)", logX, true, dots, lines);
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
      Map<String, Object> rest = new LinkedHashMap<>(e.getValue().get(0).job().point());
      rest.remove(LR);
      rest.remove(OPTIMIZER);
      String[] parts = nameParts(rest);
      String[] name = new String[parts.length + 1];
      name[0] = "final-loss-vs-lr";
      System.arraycopy(parts, 0, name, 1, parts.length);
      Charts.dotsAndLines(charts.resolve(ChartNames.png(name)),
          sweep.name() + ": final loss vs learning rate" + (e.getKey().isEmpty() ? ""
              : " (" + e.getKey() + ")"), "learning rate (log)", "final train loss (log)",
          true, true, dots, lines);
    }
  }

  /**
   * One axis of the per-point charts: a swept key, or the width or depth of a swept model.hidden.
   *
   * @param values the axis's values as labelled, in order
   * @param of a grid point's value on this axis, as labelled
   */
  record Axis(String title, List<String> values, Function<Map<String, Object>, String> of) {}

  /**
   * The swept keys in grid order, except that a swept model.hidden whose every value is one width
   * repeated, over more than one depth and more than one width ([2], [4], [2,2], [4,4] ...), is
   * two axes, width then depth: it is a two-dimensional grid written as one key, and a map over
   * width and depth says what a row of twelve list labels does not.
   */
  static List<Axis> axes(Sweep sweep) {
    List<Axis> out = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : sweep.grid().entrySet()) {
      String key = e.getKey();
      if (key.equals(HIDDEN) && isDepthByWidth(e.getValue())) {
        out.add(new Axis("hidden width (units per layer)", sortedNumbers(e.getValue(),
            l -> ((Number) l.get(0)).intValue()), p -> Values.show(hidden(p).get(0))));
        out.add(new Axis("hidden layers", sortedNumbers(e.getValue(), List::size),
            p -> Integer.toString(hidden(p).size())));
      } else {
        out.add(new Axis(key, e.getValue().stream().map(Values::show).toList(),
            p -> Values.show(p.get(key))));
      }
    }
    return out;
  }

  private static boolean isDepthByWidth(List<Object> values) {
    Set<Integer> depths = new TreeSet<>();
    Set<Object> widths = new java.util.HashSet<>();
    for (Object v : values) {
      if (!(v instanceof List<?> l) || l.isEmpty() || l.stream().distinct().count() != 1) {
        return false;
      }
      depths.add(l.size());
      widths.add(l.get(0));
    }
    return depths.size() > 1 && widths.size() > 1;
  }

  private static List<String> sortedNumbers(List<Object> values,
      java.util.function.ToIntFunction<List<?>> number) {
    return values.stream().mapToInt(v -> number.applyAsInt((List<?>) v)).distinct().sorted()
        .mapToObj(Integer::toString).toList();
  }

  private static List<?> hidden(Map<String, Object> point) {
    return (List<?>) point.get(HIDDEN);
  }

  /**
   * The success rate per point and, when the jobs measure it, the median validation accuracy:
   * maps over the last two axes, one per value of the earlier axes; with one axis, bars.
   */
  private static void perPointMaps(Sweep sweep, Path charts, List<PointStats> points) {
    List<Axis> axes = axes(sweep);
    if (axes.size() == 1) {
      successRates(sweep, charts, points, axes.get(0));
    } else {
      mapOrBars(sweep, charts, points, axes, "success-rate", "success rate (k/N, 95% interval)",
          PointStats::successRate, 0, 1, p -> {
            double[] ci = Inference.wilson(p.successes(), p.seeds());
            return String.format(java.util.Locale.ROOT, "%d/%d\n%.2f-%.2f", p.successes(),
                p.seeds(), ci[0], ci[1]);
          });
    }
    double[] valid = points.stream().mapToDouble(p -> p.medianAccuracy(VALID))
        .filter(v -> !Double.isNaN(v)).toArray();
    if (valid.length > 0) {
      // Colors span the measured range: validation accuracies often differ by a few points only.
      double lo = Arrays.stream(valid).min().orElseThrow();
      double hi = Arrays.stream(valid).max().orElseThrow();
      mapOrBars(sweep, charts, points, axes, "valid-accuracy", "median validation accuracy",
          p -> p.medianAccuracy(VALID), Math.min(lo, hi - 0.01), hi,
          p -> String.format(java.util.Locale.ROOT, "%.3f", p.medianAccuracy(VALID)));
    }
  }

  /** One swept axis: each value's success rate as a dot with its 95% Wilson interval. */
  private static void successRates(Sweep sweep, Path charts, List<PointStats> points, Axis x) {
    int n = x.values().size();
    double[] rate = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    Arrays.fill(rate, Double.NaN);
    for (PointStats p : points) {
      int i = x.values().indexOf(x.of().apply(p.point()));
      double[] ci = Inference.wilson(p.successes(), p.seeds());
      rate[i] = p.successRate();
      lo[i] = ci[0];
      hi[i] = ci[1];
    }
    RatePlot.draw(charts.resolve(ChartNames.png("success-rate")), sweep.name()
        + ": success rate k/N with its 95% Wilson interval", x.title(), "success rate",
        x.values(), List.of(new RatePlot.Series("success rate (seeds: "
            + sweep.seeds().size() + ")", rate, lo, hi)));
  }

  private static void mapOrBars(Sweep sweep, Path charts, List<PointStats> points,
      List<Axis> axes, String file, String what, ToDoubleFunction<PointStats> value, double min,
      double max, Function<PointStats, String> text) {
    if (axes.size() == 1) {
      Axis x = axes.get(0);
      double[] v = new double[x.values().size()];
      Arrays.fill(v, Double.NaN);
      for (PointStats p : points) v[x.values().indexOf(x.of().apply(p.point()))] =
          value.applyAsDouble(p);
      Charts.bars(charts.resolve(ChartNames.png(file)), sweep.name() + ": " + what, x.title(), what,
          x.values(), List.of(what), List.of(v), max <= 1 ? 1.0 : null);
      return;
    }
    Axis x = axes.get(axes.size() - 2);
    Axis y = axes.get(axes.size() - 1);
    List<Axis> others = axes.subList(0, axes.size() - 2);
    Map<String, List<PointStats>> byRest = new LinkedHashMap<>();
    Map<String, List<String>> restNames = new LinkedHashMap<>();
    for (PointStats p : points) {
      String rest = others.stream().map(a -> a.title() + "=" + a.of().apply(p.point()))
          .collect(Collectors.joining(" "));
      byRest.computeIfAbsent(rest, k -> new ArrayList<>()).add(p);
      restNames.computeIfAbsent(rest, k -> others.stream()
          .map(a -> ChartNames.key(a.title()) + "-" + a.of().apply(p.point())).toList());
    }
    for (Map.Entry<String, List<PointStats>> e : byRest.entrySet()) {
      double[][] z = new double[y.values().size()][x.values().size()];
      String[][] cellText = new String[z.length][z[0].length];
      for (double[] row : z) Arrays.fill(row, Double.NaN);
      for (PointStats p : e.getValue()) {
        int iy = y.values().indexOf(y.of().apply(p.point()));
        int ix = x.values().indexOf(x.of().apply(p.point()));
        z[iy][ix] = value.applyAsDouble(p);
        cellText[iy][ix] = text.apply(p);
      }
      List<String> name = new ArrayList<>(List.of(file));
      name.addAll(restNames.get(e.getKey()));
      Charts.heatMap(charts.resolve(ChartNames.png(name.toArray(String[]::new))), sweep.name()
          + ": " + what + (e.getKey().isEmpty() ? "" : " (" + e.getKey() + ")"), x.title(),
          y.title(), x.values(), y.values(), z, cellText, min, max, Charts.VIRIDIS);
    }
  }

  /**
   * One metrics.csv column (train_loss, valid_loss) of every seed of each point, with the median
   * and quartiles per epoch: curves/point-NNN{suffix}.png.
   */
  private static void curves(Sweep sweep, Path charts, List<JobResult> results, String column,
      String suffix, String what) {
    Map<Integer, List<JobResult>> byPoint = results.stream().filter(r -> !r.diverged())
        .collect(Collectors.groupingBy(r -> r.job().pointIndex(), LinkedHashMap::new,
            Collectors.toList()));
    for (List<JobResult> runs : byPoint.values()) {
      Job first = runs.get(0).job();
      // Seeds of a point share the record schedule; a shorter table would be a different spec.
      double[] epoch = runs.get(0).metrics().column("epoch");
      List<double[]> losses = runs.stream().filter(r -> r.metrics().has(column))
          .map(r -> r.metrics().column(column)).filter(l -> l.length == epoch.length)
          .toList();
      if (losses.isEmpty()) continue;
      double[][] q = new double[3][epoch.length];
      for (int i = 0; i < epoch.length; i++) {
        final int row = i;
        double[] atEpoch = losses.stream().mapToDouble(l -> l[row]).toArray();
        q[0][i] = Stats.quantile(atEpoch, 0.25);
        q[1][i] = Stats.median(atEpoch);
        q[2][i] = Stats.quantile(atEpoch, 0.75);
      }
      Charts.band(charts.resolve("curves").resolve(String.format("point-%03d%s.png",
          first.pointIndex(), suffix)), sweep.name() + ": " + Values.point(first.point()) + " ("
          + losses.size() + " seeds)", "epoch", what + " (log)", true, epoch, losses,
          q[0], q[1], q[2]);
    }
  }

  private static double lr(JobResult r) {
    return r.job().spec().lr();
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
