package lab.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.chart.Charts;
import lab.mnist.MnistFiles;
import lab.results.Json;
import lab.results.Provenance;
import lab.results.ResultsFolder;

/**
 * The bench's output: the table of medians and DL4J/PyTorch ratios on the console, and
 * bench.json and bench.png in results/bench/ (written away and moved into place complete, as
 * every result is).
 */
final class BenchReport {
  private final BenchOptions options;
  private final List<Workload> workloads;
  private final Map<Workload, Timings> dl4j;
  private final Map<Workload, Timings> pytorch;
  private final String torchReason;
  private final Map<String, Object> torchAbout;
  private final int threads;
  private final String loadAtStart;
  private final String loadAtEnd;
  private Map<Workload, Timings> warmDl4j = Map.of();
  private Map<Workload, Timings> warmTorch = Map.of();

  BenchReport(BenchOptions options, List<Workload> workloads, Map<Workload, Timings> dl4j,
      Map<Workload, Timings> pytorch, String torchReason, Map<String, Object> torchAbout,
      int threads, String loadAtStart, String loadAtEnd) {
    this.options = options;
    this.workloads = workloads;
    this.dl4j = dl4j;
    this.pytorch = pytorch;
    this.torchReason = torchReason;
    this.torchAbout = torchAbout;
    this.threads = threads;
    this.loadAtStart = loadAtStart;
    this.loadAtEnd = loadAtEnd;
  }

  /** The untimed warm-up rounds, recorded in bench.json to show the JIT settling. */
  BenchReport withWarmUp(Map<Workload, Timings> dl4jRounds, Map<Workload, Timings> torchRounds) {
    this.warmDl4j = dl4jRounds;
    this.warmTorch = torchRounds;
    return this;
  }

  private boolean hasTorch(Workload w) {
    return pytorch.containsKey(w) && !pytorch.get(w).isEmpty();
  }

  /** DL4J's median time over PyTorch's: below 1, DL4J is faster. */
  private double ratio(Workload w) {
    return hasTorch(w) ? dl4j.get(w).median() / pytorch.get(w).median() : Double.NaN;
  }

  Path write(PrintStream console) {
    console.print(table());
    Path target = options.folder();
    try (ResultsFolder folder = ResultsFolder.begin(target)) {
      Json.write(folder.dir().resolve("bench.json"), json());
      chart(folder.dir().resolve("bench.png"));
      folder.commit();
    }
    console.println("-> " + target.resolve("bench.json") + ", " + target.resolve("bench.png"));
    return target;
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%n%-48s  %-30s  %-30s  %s%n", "median of " + options.rounds()
        + " round(s)", "DL4J", "PyTorch", "DL4J/PyTorch time"));
    for (Workload w : workloads) {
      sb.append(String.format("%-48s  %-30s  %-30s  %s%n", w.title(),
          w.shown(dl4j.get(w).median()), hasTorch(w) ? w.shown(pytorch.get(w).median()) : "-",
          hasTorch(w) ? String.format("%.2f", ratio(w)) : "-"));
    }
    sb.append(String.format("one thread per job (OMP_NUM_THREADS=%d); load average %s at the"
        + " start, %s at the end%n", threads, loadAtStart, loadAtEnd));
    return sb.toString();
  }

  Map<String, Object> json() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", options.folder().getFileName().toString());
    j.put("quick", options.quick());
    j.put("rounds", options.rounds());
    j.put("threads", threads);
    Map<String, Object> ws = new LinkedHashMap<>();
    for (Workload w : workloads) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("title", w.title());
      m.put("unit", w.unit());
      m.putAll(w.describe());
      Map<String, Object> warm = new LinkedHashMap<>();
      warm.put("dl4j_rounds_seconds_per_unit",
          warmDl4j.containsKey(w) ? warmDl4j.get(w).values() : List.of());
      warm.put("pytorch_rounds_seconds_per_unit",
          warmTorch.containsKey(w) && hasTorch(w) ? warmTorch.get(w).values() : List.of());
      m.put("warm_up", warm);
      m.put("dl4j", engine(w, dl4j.get(w)));
      m.put("pytorch", hasTorch(w) ? engine(w, pytorch.get(w)) : null);
      m.put("dl4j_over_pytorch_time", hasTorch(w) ? ratio(w) : null);
      ws.put(w.id(), m);
    }
    j.put("workloads", ws);
    Map<String, Object> torch = new LinkedHashMap<>();
    torch.put("ran", torchReason == null);
    torch.put("reason_not_run", torchReason);
    torch.put("about", torchAbout);
    j.put("pytorch", torch);
    j.put("load_average", Map.of("start", loadAtStart, "end", loadAtEnd));
    j.put("provenance", provenance());
    return j;
  }

  private static Map<String, Object> engine(Workload w, Timings t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rounds_seconds_per_unit", t.values());
    m.put("median_seconds_per_unit", t.median());
    m.put("min_seconds_per_unit", t.min());
    m.put("max_seconds_per_unit", t.max());
    m.putAll(w.figures(t.median()));
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
    p.put("nd4j_native_library", loadedNativeLibrary());
    // The JVM-wide settings of the engine (lab.net.Engines), as this JVM ran with them.
    p.put("javacpp_max_physical_bytes", org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
    p.put("nd4j_shape_info_provider",
        org.nd4j.linalg.factory.Nd4j.getShapeInfoProvider().getClass().getName());
    p.put("nd4j_tad_manager",
        org.nd4j.linalg.factory.Nd4j.getExecutioner().getTADManager().getClass().getName());
    p.put("lab_memory_cap", System.getProperty(lab.core.ResidentMemoryWatch.CAP_PROPERTY,
        "default (4G)"));
    p.put("nd4j_profiling_mode",
        String.valueOf(org.nd4j.linalg.factory.Nd4j.getExecutioner().getProfilingMode()));
    p.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return p;
  }

  /**
   * Which libnd4jcpu this process mapped: proves which binary ran, whatever the class path said.
   * Without /proc (macOS, Windows), the path JavaCPP's loader recorded for it.
   */
  static String loadedNativeLibrary() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps")).stream()
          .filter(l -> l.contains("libnd4jcpu")).map(l -> l.substring(l.indexOf('/')))
          .findFirst().orElse("unknown");
    } catch (java.io.IOException | RuntimeException e) {
      return org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream()
          .filter(path -> path != null && path.contains("nd4jcpu")).findFirst().orElse("unknown");
    }
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

  /** The chart of this bench's medians (see {@link #drawChart}). */
  void chart(Path png) {
    boolean torch = workloads.stream().allMatch(this::hasTorch);
    List<String> labels = new ArrayList<>();
    double[] d = new double[workloads.size()];
    double[] t = torch ? new double[workloads.size()] : null;
    for (int i = 0; i < workloads.size(); i++) {
      Workload w = workloads.get(i);
      labels.add(w.label());
      d[i] = dl4j.get(w).median();
      if (torch) t[i] = pytorch.get(w).median();
    }
    drawChart(png, labels, d, t, options.rounds());
  }

  /**
   * One bar per engine and workload: the median time per unit of work relative to PyTorch's
   * (PyTorch = 1; without PyTorch, {@code torch} null, relative to DL4J's own), so three
   * workloads of different units share one axis; the short labels carry DL4J's ratio (the
   * absolute medians are in the printed table and bench.json).
   */
  static void drawChart(Path png, List<String> labels, double[] dl4j, double[] torch,
      int rounds) {
    List<String> categories = new ArrayList<>();
    double[] dl4jBars = new double[labels.size()];
    double[] torchBars = new double[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      dl4jBars[i] = torch == null ? 1 : dl4j[i] / torch[i];
      torchBars[i] = 1;
      categories.add(torch == null ? labels.get(i)
          : String.format("%s (x%.2f)", labels.get(i), dl4jBars[i]));
    }
    String title = torch != null ? "DL4J vs PyTorch, time per unit of work (median of "
        + rounds + ")" : "DL4J alone (PyTorch did not run), median of " + rounds;
    Charts.bars(png, title, "workload", torch != null ? "time relative to PyTorch"
        : "time relative to DL4J's median", categories,
        torch != null ? List.of("DL4J", "PyTorch") : List.of("DL4J"),
        torch != null ? List.of(dl4jBars, torchBars) : List.of(dl4jBars));
  }
}
