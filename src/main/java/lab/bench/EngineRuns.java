package lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.Project;

/**
 * Everything one engine's processes measured over the repeats: per workload, each repeat's
 * warm-up rounds and timed rounds (seconds per unit), and what each process said about itself.
 */
final class EngineRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<List<Double>>> warmUp = new LinkedHashMap<>();
  private final Map<String, List<List<Double>>> timed = new LinkedHashMap<>();
  private final List<Map<String, Object>> processes = new ArrayList<>();

  /**
   * Runs the in-process workloads in one new process of {@code engine}; null when done, else
   * (PyTorch only) the one-line reason it failed. A DL4J worker that fails is a bug of the bench.
   */
  @SuppressWarnings("unchecked")
  String inProcess(String engine, List<InProcessWorkload> workloads, boolean quick, Path logs,
      int repeat) {
    boolean torch = Bench.PYTORCH.equals(engine);
    List<String> command;
    String stdin = null;
    if (torch) {
      command = List.of(TorchSetup.PYTHON.toString(), Bench.script("torch_bench.py").toString());
      List<Map<String, Object>> ws = new ArrayList<>();
      for (InProcessWorkload w : workloads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("warm_up_rounds", w.warmUpRounds());
        m.put("rounds", w.rounds());
        m.putAll(w.torchRequest());
        ws.add(m);
      }
      // The one-core sgemm probe every DL4J worker measures, measured by torch.mm too.
      stdin = write(Map.of("workloads", ws, "peak_n", BenchWorker.peakSize(quick),
          "peak_repeats", BenchWorker.PEAK_REPEATS));
    } else {
      List<String> args = new ArrayList<>(List.of("bench-worker", "--engine", engine));
      if (quick) args.add("--quick");
      command = javaCommand(args);
    }
    Map<String, Object> answer;
    try {
      EngineProcess.Result r = EngineProcess.run(command, stdin, logs, engine + "-worker-"
          + repeat);
      if (!r.ok()) return fail(torch, r.failure(engine + " worker"));
      answer = JSON.readValue(r.lastLine(), Map.class);
    } catch (IOException e) {
      return fail(torch, engine + " worker: " + e.getMessage());
    }
    if (answer.containsKey("error")) return fail(torch, String.valueOf(answer.get("error")));
    Map<String, Object> results = (Map<String, Object>) answer.get("workloads");
    for (InProcessWorkload w : workloads) {
      Map<String, Object> m = (Map<String, Object>) results.get(w.id());
      if (m == null) return fail(torch, engine + " worker: no result for " + w.id());
      warmUp.computeIfAbsent(w.id(), k -> new ArrayList<>())
          .add(perUnit((List<Number>) m.get("warm_up_seconds"), w));
      timed.computeIfAbsent(w.id(), k -> new ArrayList<>())
          .add(perUnit((List<Number>) m.get("round_seconds"), w));
    }
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("repeat", repeat + 1);
    about.put("command", String.join(" ", command.subList(0, Math.min(2, command.size())))
        + " ...");
    about.putAll((Map<String, Object>) answer.get("about"));
    processes.add(about);
    return null;
  }

  /** Runs the whole mnist-ch11 run in a new process of {@code engine}, timed from start to exit. */
  String wholeRun(String engine, WholeRunWorkload whole, Path results, Path logs, int repeat) {
    boolean torch = Bench.PYTORCH.equals(engine);
    List<String> command = torch
        ? List.of(TorchSetup.PYTHON.toString(), Bench.script("torch_mnist_run.py").toString())
        : dl4jCommand(whole.labArguments(engine, results));
    try {
      EngineProcess.Result r = EngineProcess.run(command,
          torch ? write(whole.torchRequest(results)) : null, logs, engine + "-run-" + repeat);
      if (!r.ok()) return fail(torch, r.failure(engine + " whole run"));
      warmUp.computeIfAbsent(whole.id(), k -> new ArrayList<>()).add(List.of());
      timed.computeIfAbsent(whole.id(), k -> new ArrayList<>()).add(List.of(r.wallSeconds()));
      return null;
    } catch (IOException e) {
      return fail(torch, engine + " whole run: " + e.getMessage());
    }
  }

  /** Records one repeat of a workload directly (what a process would have reported). */
  void add(String id, List<Double> warmSecondsPerUnit, List<Double> timedSecondsPerUnit) {
    warmUp.computeIfAbsent(id, k -> new ArrayList<>()).add(List.copyOf(warmSecondsPerUnit));
    timed.computeIfAbsent(id, k -> new ArrayList<>()).add(List.copyOf(timedSecondsPerUnit));
  }

  void addProcess(Map<String, Object> about) {
    processes.add(about);
  }

  private static String fail(boolean torch, String why) {
    if (torch) return why;
    throw new IllegalStateException(why);
  }

  private static List<Double> perUnit(List<Number> seconds, Workload w) {
    List<Double> out = new ArrayList<>();
    for (Number n : seconds) out.add(n.doubleValue() / w.unitsPerRound());
    return out;
  }

  private static String write(Object request) {
    try {
      return JSON.writeValueAsString(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The ./lab launcher that started this bench (it exports its path as {@code LAB_LAUNCHER}), or
   * null when the bench runs otherwise (a test's JVM).
   */
  static Path launcher() {
    String given = System.getenv("LAB_LAUNCHER");
    if (given == null || given.isBlank()) return null;
    Path p = Path.of(given);
    return java.nio.file.Files.isExecutable(p) ? p : null;
  }

  /**
   * A DL4J command as a user starts it: through the launcher that started the bench (its build
   * check, class-data archive and memory settings included), else {@link #javaCommand}.
   */
  static List<String> dl4jCommand(List<String> labArguments) {
    Path launcher = launcher();
    if (launcher == null) return javaCommand(labArguments);
    List<String> c = new ArrayList<>();
    c.add(launcher.toString());
    c.addAll(labArguments);
    return c;
  }

  /**
   * java, as the launcher starts it: the same JVM, the launcher's huge-page option where Linux
   * offers them and its garbage collector (lab.core.MemorySettings), -Djava.awt.headless=true,
   * this process's lab.* system properties (lab.home, lab.mnist.cache, lab.memory.cap) and its
   * class path; no other JVM
   * option is passed on, so a test JVM's ND4J settings do not leak into a stock process.
   */
  static List<String> javaCommand(List<String> labArguments) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(lab.core.MemorySettings.jvmOptions());
    c.add("-Djava.awt.headless=true");
    c.add("-Dlab.home=" + Project.home());
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("lab.") && !key.equals("lab.home")) {
        c.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add("lab.cli.Main");
    c.addAll(labArguments);
    return c;
  }

  /** All timed rounds of all repeats of a workload, pooled. */
  Timings pooled(String id) {
    Timings t = new Timings();
    for (List<Double> repeat : timed.getOrDefault(id, List.of())) {
      for (double v : repeat) t.add(v);
    }
    return t;
  }

  double last(String id) {
    List<List<Double>> r = timed.get(id);
    List<Double> lastRepeat = r.get(r.size() - 1);
    return lastRepeat.get(lastRepeat.size() - 1);
  }

  List<List<Double>> warmUp(String id) {
    return warmUp.getOrDefault(id, List.of());
  }

  List<List<Double>> timed(String id) {
    return timed.getOrDefault(id, List.of());
  }

  List<Map<String, Object>> processes() {
    return processes;
  }

  /**
   * Each worker process's one-core sgemm probes in GFLOP/s, in the order measured (after each
   * workload), by its repeat (1 for the first). A process of an older answer with only its best
   * probe has that one.
   */
  Map<Integer, List<Double>> sgemmProbes() {
    Map<Integer, List<Double>> out = new LinkedHashMap<>();
    for (int i = 0; i < processes.size(); i++) {
      Map<String, Object> p = processes.get(i);
      int repeat = p.get("repeat") instanceof Number r ? r.intValue() : i + 1;
      List<Double> probes = new ArrayList<>();
      if (p.get("sgemm_probes_gflops") instanceof List<?> l) {
        for (Object o : l) probes.add(((Number) o).doubleValue());
      } else if (p.get("sgemm_peak_gflops") instanceof Number n) {
        probes.add(n.doubleValue());
      }
      if (!probes.isEmpty()) out.put(repeat, probes);
    }
    return out;
  }

  /** The one-core sgemm peaks this engine's worker processes measured, one per process. */
  List<Double> sgemmPeaks() {
    return sgemmProbes().values().stream()
        .map(probes -> probes.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .toList();
  }

  /**
   * The console lines of the last repeat: each workload's warm-up and median, then the process's
   * one-core sgemm probes, one after each workload (a process the machine slowed shows there
   * too).
   */
  String lastRepeatLine(List<InProcessWorkload> workloads) {
    StringBuilder sb = new StringBuilder();
    for (InProcessWorkload w : workloads) {
      List<List<Double>> warm = warmUp.get(w.id());
      List<List<Double>> rounds = timed.get(w.id());
      Timings t = Timings.of(rounds.get(rounds.size() - 1));
      List<String> warmShown = new ArrayList<>();
      for (double v : warm.get(warm.size() - 1)) warmShown.add(w.shown(v));
      sb.append(String.format("    %-48s %s (warm-up: %s)%n", w.title(), w.shown(t.median()),
          String.join(", ", warmShown)));
    }
    // The last process's probes: the last entry, the map keeping the processes' order.
    List<Double> probes = null;
    for (List<Double> p : sgemmProbes().values()) probes = p;
    if (probes != null) {
      sb.append(String.format("    %-48s %s GFLOP/s%n", "one-core sgemm probe", String.join(
          ", ", probes.stream().map(p -> String.format("%.1f", p)).toList())));
    }
    return sb.toString();
  }
}
