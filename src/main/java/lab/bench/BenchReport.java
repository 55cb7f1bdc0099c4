package lab.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import lab.chart.Charts;
import lab.core.UserError;
import lab.mnist.MnistFiles;
import lab.net.Engines;
import lab.results.Json;
import lab.results.Provenance;
import lab.results.ResultsFolder;

/**
 * The bench's output: the table of medians, ratios and GFLOP/s on the console, and bench.json
 * and bench.png in results/bench/ (written away and moved into place complete, as every result
 * is). Medians pool the timed rounds of all repeats; warm-up rounds are reported apart.
 */
final class BenchReport {
  private final BenchOptions options;
  private final List<Workload> workloads;
  private final Map<String, EngineRuns> runs;
  private final List<List<String>> orders;
  private final String torchReason;
  private final String loadAtStart;
  private final String loadAtEnd;

  private List<Double> launcherWarmUp = List.of();

  BenchReport(BenchOptions options, List<Workload> workloads, Map<String, EngineRuns> runs,
      List<List<String>> orders, String torchReason, String loadAtStart, String loadAtEnd) {
    this.options = options;
    this.workloads = workloads;
    this.runs = runs;
    this.orders = orders;
    this.torchReason = torchReason;
    this.loadAtStart = loadAtStart;
    this.loadAtEnd = loadAtEnd;
  }

  /** The wall seconds of the untimed runs through ./lab before the timed ones (none: empty). */
  BenchReport launcherWarmUp(List<Double> seconds) {
    this.launcherWarmUp = List.copyOf(seconds);
    return this;
  }

  private boolean has(String engine, Workload w) {
    return runs.containsKey(engine) && !runs.get(engine).pooled(w.id()).isEmpty();
  }

  private double median(String engine, Workload w) {
    return has(engine, w) ? runs.get(engine).pooled(w.id()).median() : Double.NaN;
  }

  /** Median time of engine a over engine b's: below 1, a is faster. NaN if either is missing. */
  private double ratio(String a, String b, Workload w) {
    return median(a, w) / median(b, w);
  }

  /**
   * Engine a's time over engine b's in each repeat, each the ratio of the medians of that
   * repeat's timed rounds. The engines of one repeat run one after the other, so each ratio
   * compares them at nearly the same time; the spread of these ratios shows how much the machine
   * changed from one repeat to the next, which the ratio of pooled medians hides. Empty if either
   * engine is missing; a repeat without rounds of both is left out.
   */
  List<Double> ratiosByRepeat(String a, String b, Workload w) {
    if (!has(a, w) || !has(b, w)) return List.of();
    List<List<Double>> ta = runs.get(a).timed(w.id());
    List<List<Double>> tb = runs.get(b).timed(w.id());
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(ta.size(), tb.size()); i++) {
      if (ta.get(i).isEmpty() || tb.get(i).isEmpty()) continue;
      out.add(Timings.of(ta.get(i)).median() / Timings.of(tb.get(i)).median());
    }
    return out;
  }

  /**
   * A worker process is taken as slowed by the machine when one of its sgemm probes is under this
   * share of the median of all its engine's probes: the same product on the same core, so a
   * probe that falls so far shows a machine that gave the process less than a core for a while.
   */
  static final double SLOWED_BELOW = 0.75;

  /**
   * The repeats (1 for the first) in which the machine slowed a process of each engine (see
   * {@link #SLOWED_BELOW}); engines whose processes report no probe are left out.
   */
  Map<String, List<Integer>> slowed() {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (var e : runs.entrySet()) {
      Map<Integer, List<Double>> probes = e.getValue().sgemmProbes();
      if (probes.isEmpty()) continue;
      List<Double> all = new ArrayList<>();
      probes.values().forEach(all::addAll);
      double median = Timings.of(all).median();
      List<Integer> repeats = new ArrayList<>();
      for (var p : probes.entrySet()) {
        if (Timings.of(p.getValue()).min() < SLOWED_BELOW * median) repeats.add(p.getKey());
      }
      out.put(e.getKey(), repeats);
    }
    return out;
  }

  /** The repeats (1 for the first) in which no process was slowed. */
  List<Integer> unslowedRepeats() {
    TreeSet<Integer> bad = new TreeSet<>();
    slowed().values().forEach(bad::addAll);
    List<Integer> out = new ArrayList<>();
    for (int r = 1; r <= options.repeats(); r++) if (!bad.contains(r)) out.add(r);
    return out;
  }

  /**
   * Engine a's time over engine b's, the medians pooling only the timed rounds of the given
   * repeats (1 for the first). NaN if either engine has none there, or for a workload whose
   * processes measure no probe (the whole run: its own process, timed from outside).
   */
  double ratioOver(List<Integer> repeats, String a, String b, Workload w) {
    if (!(w instanceof InProcessWorkload) || !has(a, w) || !has(b, w)) return Double.NaN;
    return pooledOver(repeats, runs.get(a).timed(w.id()))
        / pooledOver(repeats, runs.get(b).timed(w.id()));
  }

  private static double pooledOver(List<Integer> repeats, List<List<Double>> timed) {
    List<Double> rounds = new ArrayList<>();
    for (int r : repeats) if (r <= timed.size()) rounds.addAll(timed.get(r - 1));
    return rounds.isEmpty() ? Double.NaN : Timings.of(rounds).median();
  }

  /** The best one-core sgemm rate any worker measured: the limit GFLOP/s are set against. */
  double peakGflops() {
    double best = Double.NaN;
    for (EngineRuns r : runs.values()) {
      for (double p : r.sgemmPeaks()) best = Double.isNaN(best) ? p : Math.max(best, p);
    }
    return best;
  }

  Path write(PrintStream console) {
    console.print(table());
    Path target = options.folder();
    try (ResultsFolder folder = ResultsFolder.begin(target)) {
      Map<String, Object> json = json();
      Json.write(folder.dir().resolve("bench.json"), json);
      drawChart(folder.dir().resolve("bench.png"), json);
      folder.commit();
    }
    console.println("-> " + target.resolve("bench.json") + ", " + target.resolve("bench.png"));
    return target;
  }

  private static String cell(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(format, v);
  }

  String table() {
    List<String> engines = new ArrayList<>(runs.keySet());
    StringBuilder sb = new StringBuilder(String.format("%nmedians of %d repeat(s), each engine"
        + " in its own process%n%-50s", options.repeats(), "workload"));
    for (String e : engines) sb.append(String.format("  %-16s", e));
    sb.append(String.format("  %-12s  %-12s  %s%n", "dl4j/pytorch", "stock/pytorch",
        "dl4j/stock"));
    for (Workload w : workloads) {
      sb.append(String.format("%-50s", w.title()));
      for (String e : engines) {
        sb.append(String.format("  %-16s", has(e, w) ? w.shown(median(e, w)) : "-"));
      }
      sb.append(String.format("  %-12s  %-13s  %s%n",
          cell(ratio(Engines.DL4J, Bench.PYTORCH, w), "%.2f"),
          cell(ratio(Engines.STOCK, Bench.PYTORCH, w), "%.2f"),
          cell(ratio(Engines.DL4J, Engines.STOCK, w), "%.2f")));
    }
    StringBuilder byRepeat = new StringBuilder();
    for (Workload w : workloads) {
      List<Double> ratios = ratiosByRepeat(Engines.DL4J, Bench.PYTORCH, w);
      if (ratios.size() < 2) continue; // one repeat's ratio is the pooled one above
      byRepeat.append(String.format("%-50s", w.title()));
      for (double r : ratios) byRepeat.append(String.format("  %.2f", r));
      byRepeat.append(String.format("%n"));
    }
    if (byRepeat.length() > 0) {
      sb.append(String.format("%ndl4j/pytorch in each repeat (medians of that repeat's rounds;"
          + " the engines of a repeat run one after the other)%n")).append(byRepeat);
    }
    sb.append(probes());
    double peak = peakGflops();
    sb.append(String.format("%nGFLOP/s (share of the best one-core sgemm probe of the workers:"
        + " %s GFLOP/s)%n", cell(peak, "%.1f")));
    for (Workload w : workloads) {
      sb.append(String.format("%-50s", w.title()));
      for (String e : engines) {
        double g = w.flopsPerUnit() / median(e, w) / 1e9;
        sb.append(String.format("  %-16s", has(e, w)
            ? String.format("%.3g (%.2g%%)", g, 100 * g / peak) : "-"));
      }
      sb.append(String.format("  at the peak: %.3g s/%s%n", w.flopsPerUnit() / (peak * 1e9),
          w.unit()));
    }
    sb.append(String.format("one thread per process (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1);"
        + " load average %s at the start, %s at the end%n", loadAtStart, loadAtEnd));
    return sb.toString();
  }

  /**
   * Every worker's probes, the processes the machine slowed, and the ratios over the repeats in
   * which none was (beside, not instead of, the ratios of all repeats above).
   */
  private String probes() {
    Map<String, List<Integer>> slowed = slowed();
    if (slowed.isEmpty()) return "";
    StringBuilder sb = new StringBuilder(String.format("%nsgemm probes of each worker process,"
        + " one core (GFLOP/s, after each workload; slowed: a probe under %.0f%% of its engine's"
        + " median)%n", 100 * SLOWED_BELOW));
    for (var e : runs.entrySet()) {
      for (var p : e.getValue().sgemmProbes().entrySet()) {
        sb.append(String.format("  %-12s repeat %d: %s%s%n", e.getKey(), p.getKey(),
            String.join(", ", p.getValue().stream().map(v -> String.format("%.1f", v)).toList()),
            slowed.getOrDefault(e.getKey(), List.of()).contains(p.getKey()) ? "   slowed" : ""));
      }
    }
    List<Integer> clean = unslowedRepeats();
    if (clean.size() == options.repeats()) return sb.toString();
    if (clean.isEmpty()) {
      return sb.append(String.format("every repeat had a slowed process%n")).toString();
    }
    sb.append(String.format("dl4j/pytorch over the repeats in which no process was slowed"
        + " (%s)%n", String.join(", ", clean.stream().map(String::valueOf).toList())));
    for (Workload w : workloads) {
      double r = ratioOver(clean, Engines.DL4J, Bench.PYTORCH, w);
      if (!Double.isNaN(r)) sb.append(String.format("%-50s  %.2f%n", w.title(), r));
    }
    return sb.toString();
  }

  Map<String, Object> json() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", options.folder().getFileName().toString());
    j.put("quick", options.quick());
    j.put("repeats", options.repeats());
    j.put("engines", List.copyOf(runs.keySet()));
    j.put("engine_order_per_repeat", orders);
    j.put("threads_per_process", EngineProcess.PINNED);
    j.put("environment_per_process", EngineProcess.environment());
    j.put("dl4j_jvm_options", lab.core.MemorySettings.jvmOptions());
    double peak = peakGflops();
    Map<String, Object> peaks = new LinkedHashMap<>();
    Map<String, Object> probes = new LinkedHashMap<>();
    for (var e : runs.entrySet()) {
      if (e.getValue().sgemmProbes().isEmpty()) continue;
      peaks.put(e.getKey(), e.getValue().sgemmPeaks());
      probes.put(e.getKey(), e.getValue().sgemmProbes());
    }
    j.put("sgemm_probes_gflops_per_repeat", probes);
    List<Integer> unslowed = unslowedRepeats();
    Map<String, Object> slowed = new LinkedHashMap<>();
    slowed.put("rule", "a worker process one of whose probes (one after each workload) is under "
        + SLOWED_BELOW + " of the median of its engine's probes");
    slowed.put("repeats_by_engine", slowed());
    slowed.put("unslowed_repeats", unslowed);
    j.put("slowed_processes", slowed);
    j.put("sgemm_peak_gflops", Map.of("measured_per_worker", peaks, "used", peak,
        "how", "best of " + BenchWorker.PEAK_REPEATS + " float products of two "
            + BenchWorker.peakSize(options.quick())
            + "^2 matrices, one thread, in each worker: through ND4J (OpenBLAS sgemm, column-major"
            + " operands, the result given) in the DL4J workers, torch.mm in PyTorch's"));
    Map<String, Object> ws = new LinkedHashMap<>();
    for (Workload w : workloads) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("title", w.title());
      m.put("label", w.label());
      m.put("unit", w.unit());
      m.put("flops_per_unit", w.flopsPerUnit());
      m.put("seconds_per_unit_at_peak", w.flopsPerUnit() / (peak * 1e9));
      m.putAll(w.describe());
      Map<String, Object> es = new LinkedHashMap<>();
      for (String e : runs.keySet()) es.put(e, has(e, w) ? engine(e, w, peak) : null);
      m.put("engines", es);
      Map<String, Object> ratios = new LinkedHashMap<>();
      ratios.put("dl4j_over_pytorch", finite(ratio(Engines.DL4J, Bench.PYTORCH, w)));
      ratios.put("dl4j_stock_over_pytorch", finite(ratio(Engines.STOCK, Bench.PYTORCH, w)));
      ratios.put("dl4j_over_dl4j_stock", finite(ratio(Engines.DL4J, Engines.STOCK, w)));
      ratios.put("dl4j_over_pytorch_per_repeat",
          ratiosByRepeat(Engines.DL4J, Bench.PYTORCH, w).stream().map(BenchReport::finite)
              .toList());
      ratios.put("dl4j_over_pytorch_unslowed_repeats",
          finite(ratioOver(unslowed, Engines.DL4J, Bench.PYTORCH, w)));
      m.put("time_ratios", ratios);
      ws.put(w.id(), m);
    }
    j.put("workloads", ws);
    Map<String, Object> processes = new LinkedHashMap<>();
    for (var e : runs.entrySet()) processes.put(e.getKey(), e.getValue().processes());
    j.put("processes", processes);
    Map<String, Object> torch = new LinkedHashMap<>();
    torch.put("ran", runs.containsKey(Bench.PYTORCH));
    torch.put("reason_not_run", torchReason);
    j.put("pytorch", torch);
    j.put("load_average", Map.of("start", loadAtStart, "end", loadAtEnd));
    if (!launcherWarmUp.isEmpty()) j.put("launcher_warm_up_seconds", launcherWarmUp);
    j.put("provenance", provenance());
    return j;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private Map<String, Object> engine(String e, Workload w, double peak) {
    EngineRuns r = runs.get(e);
    Timings t = r.pooled(w.id());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("warm_up_seconds_per_unit_per_repeat", r.warmUp(w.id()));
    m.put("rounds_seconds_per_unit_per_repeat", r.timed(w.id()));
    m.put("median_seconds_per_unit", t.median());
    m.put("min_seconds_per_unit", t.min());
    m.put("max_seconds_per_unit", t.max());
    double gflops = w.flopsPerUnit() / t.median() / 1e9;
    m.put("gflops", gflops);
    m.put("share_of_sgemm_peak", finite(gflops / peak));
    return m;
  }

  private Map<String, Object> provenance() {
    StringBuilder recipes = new StringBuilder();
    for (Workload w : workloads) recipes.append(w.id()).append(w.describe()).append('\n');
    Map<String, Object> p = Provenance.collect(recipes.toString(), MnistFiles.dataSha256());
    p.remove("spec_sha256");
    p.put("recipes_sha256", Provenance.sha256(recipes.toString().getBytes(
        StandardCharsets.UTF_8)));
    p.put("host", host());
    p.put("memory_gb", memoryGb());
    p.put("note", "this is the process that ran the bench; each engine's process is described"
        + " under \"processes\" (DL4J: engine, substitutions, JVM-wide ND4J settings, the"
        + " libnd4jcpu mapped; PyTorch: versions, threads, BLAS mapped)");
    return p;
  }

  /**
   * Which libnd4jcpu this process mapped: proves which binary ran, whatever the class path said.
   * Without /proc (macOS, Windows), the path JavaCPP's loader recorded for it.
   */
  static String loadedNativeLibrary() {
    String mapped = lab.core.Platform.mappedFile("libnd4jcpu");
    if (mapped != null) return mapped;
    return org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream()
        .filter(path -> path != null && path.contains("nd4jcpu")).findFirst().orElse("unknown");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static long memoryGb() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Math.round(sun.getTotalMemorySize() / 1e9);
    }
    return -1;
  }

  /** Redraws {@code dir}'s bench.png from its bench.json: no timing (./lab charts bench). */
  static void redraw(Path dir) {
    Path json = dir.resolve("bench.json");
    if (!Files.isRegularFile(json)) {
      throw new UserError(json + ": no bench there; run ./lab bench");
    }
    drawChart(dir.resolve("bench.png"), Json.read(json));
  }

  /**
   * The chart of a bench's medians from its bench.json: each engine's median time per unit over
   * the reference engine's (PyTorch when it ran). A workload's short label, or its title in a
   * bench.json written before labels were kept.
   */
  @SuppressWarnings("unchecked")
  static void drawChart(Path png, Map<String, Object> json) {
    List<String> engines = (List<String>) json.get("engines");
    String reference = engines.contains(Bench.PYTORCH) ? Bench.PYTORCH : engines.get(0);
    Map<String, Map<String, Object>> ws = (Map<String, Map<String, Object>>) json.get("workloads");
    List<String> labels = new ArrayList<>();
    List<double[]> bars = new ArrayList<>();
    for (String e : engines) bars.add(new double[ws.size()]);
    int i = 0;
    for (Map<String, Object> w : ws.values()) {
      labels.add((String) w.getOrDefault("label", w.get("title")));
      Map<String, Map<String, Object>> es = (Map<String, Map<String, Object>>) w.get("engines");
      double ref = median(es.get(reference));
      for (int k = 0; k < engines.size(); k++) {
        double v = median(es.get(engines.get(k))) / ref;
        bars.get(k)[i] = Double.isFinite(v) ? v : 0;
      }
      i++;
    }
    drawChart(png, labels, engines, bars, reference, ((Number) json.get("repeats")).intValue());
  }

  private static double median(Map<String, Object> engine) {
    Object v = engine == null ? null : engine.get("median_seconds_per_unit");
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /**
   * One bar per engine and workload: the median time per unit of work relative to the
   * reference engine's (PyTorch when it ran), so workloads of different units share one axis.
   */
  static void drawChart(Path png, List<String> labels, List<String> engines,
      List<double[]> bars, String reference, int repeats) {
    // A log axis when the bars span more than ten times (stock DL4J against the rest).
    Charts.bars(png, "Time per unit of work relative to " + reference + " (medians, " + repeats
        + " repeat(s), each engine alone)", "workload", "time relative to " + reference,
        labels, engines, bars, null, true);
  }
}
