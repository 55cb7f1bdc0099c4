package lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.Project;
import lab.mnist.MnistFetcher;
import lab.mnist.MnistFiles;
import lab.net.Engines;
import lab.results.ResultsFolder;
import lab.spec.SpecLoader;
import lab.sweep.Sweep;
import lab.sweep.SweepLoader;

/**
 * ./lab bench: every engine timed in a process of its own while no other engine's process
 * exists. This process only starts them one after the other and waits; it loads neither ND4J nor
 * the data until the timing is over. A repeat is one process per engine for the in-process
 * workloads (XOR step, MNIST epoch, sweep slice: warm-up rounds, then timed rounds) and one per
 * engine for the whole mnist-ch11 run; the engines' order rotates from repeat to repeat, so that
 * a slow spell on the shared machine does not always hit the same engine. DL4J's two engines run
 * in separate JVMs (the fast path's settings are JVM-wide: lab.net.Engines.prepareProcess).
 */
public final class Bench {
  public static final String PYTORCH = "pytorch";

  /** Round sizes and counts of the real bench and of --quick (a smoke run: seconds). */
  static final int XOR_STEPS = 2000;
  static final int XOR_STEPS_QUICK = 50;
  static final int XOR_WARM_UP = 5;
  static final int XOR_ROUNDS = 5;
  static final int MNIST_IMAGES_QUICK = 1000;
  /** Two warm-up epochs: the timed epochs are each process's third on. */
  static final int MNIST_WARM_UP = 2;
  static final int MNIST_ROUNDS = 6;
  static final int SWEEP_EPOCHS_QUICK = 20;
  static final int SWEEP_WARM_UP = 1;
  static final int SWEEP_ROUNDS = 2;
  /** The sweep slice runs one job (or stack) at a time: one core, as every other engine. */
  static final int SWEEP_PARALLEL = 1;

  private Bench() {}

  /** Runs the bench and writes its folder; returns that folder. */
  public static Path run(BenchOptions options, PrintStream console) {
    String loadAtStart = loadAverage();
    Path cache = MnistFetcher.ensure(MnistFiles.cacheDir(), console);
    List<InProcessWorkload> inProcess = inProcess(options.quick(), Engines.DL4J, cache);
    WholeRunWorkload whole = new WholeRunWorkload(
        SpecLoader.load(Project.specPath("mnist-ch11"), List.of()), options.quick(), cache);
    Path logs = Project.home().resolve("target").resolve("bench-logs");
    List<String> engines = new ArrayList<>(options.dl4jEngines());
    String torchReason = options.torch() ? TorchSetup.ensure(logs.resolve("bench-apt.log"),
        console) : "not asked for (--no-torch)";
    if (torchReason == null) engines.add(PYTORCH);
    else console.println("bench: PyTorch not run: " + torchReason + "; timing DL4J only");

    Map<String, EngineRuns> runs = new LinkedHashMap<>();
    for (String e : engines) runs.put(e, new EngineRuns());
    List<List<String>> orders = new ArrayList<>();
    Path scratch = tempDir();
    List<Double> launcherWarmUp = new ArrayList<>();
    try {
      if (EngineRuns.launcher() != null && !options.dl4jEngines().isEmpty()) {
        launcherWarmUp = launcherWarmUp(whole, scratch.resolve("launcher"), logs, console);
      }
      for (int r = 0; r < options.repeats(); r++) {
        List<String> order = rotate(engines, r);
        orders.add(order);
        for (String e : order) {
          if (!runs.containsKey(e)) continue; // PyTorch stopped after a failure
          console.printf("repeat %d/%d: %s, in-process workloads ...%n", r + 1,
              options.repeats(), e);
          String failed = runs.get(e).inProcess(e, inProcess, options.quick(), logs, r);
          if (failed != null) torchReason = stopTorch(runs, failed, console);
          else console.print(runs.get(e).lastRepeatLine(inProcess));
        }
        for (String e : order) {
          if (!runs.containsKey(e)) continue;
          String failed = runs.get(e).wholeRun(e, whole, scratch.resolve(e + "-" + r), logs, r);
          if (failed != null) torchReason = stopTorch(runs, failed, console);
          else console.printf("repeat %d/%d: %s, %s: %s%n", r + 1, options.repeats(), e,
              whole.title(), whole.shown(runs.get(e).last(whole.id())));
        }
      }
    } finally {
      ResultsFolder.deleteTree(scratch);
    }
    List<Workload> all = new ArrayList<>(inProcess);
    all.add(whole);
    return new BenchReport(options, all, runs, orders, torchReason, loadAtStart, loadAverage())
        .launcherWarmUp(launcherWarmUp).write(console);
  }

  /**
   * Two short untimed runs through the launcher before any timed one: the first run after a
   * build writes the launcher's class-data archive at its exit (seconds more), the next checks
   * it and puts it in place (docs/performance.md), as they would on a user's machine before the
   * runs the user times. Returns their wall seconds.
   */
  private static List<Double> launcherWarmUp(WholeRunWorkload whole, Path dir, Path logs,
      PrintStream console) {
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try {
        EngineProcess.Result r = EngineProcess.run(
            EngineRuns.dl4jCommand(whole.warmUpArguments(dir.resolve("run-" + i))), null, logs,
            "launcher-warm-up-" + i);
        if (!r.ok()) throw new IllegalStateException(r.failure("the launcher's warm-up run"));
        seconds.add(r.wallSeconds());
      } catch (IOException e) {
        throw new IllegalStateException("the launcher's warm-up run: " + e.getMessage());
      }
    }
    console.printf("bench: two untimed runs through ./lab first (its class-data archive): %.1f s,"
        + " %.1f s%n", seconds.get(0), seconds.get(1));
    return seconds;
  }

  private static String stopTorch(Map<String, EngineRuns> runs, String why, PrintStream console) {
    runs.remove(PYTORCH);
    console.println("bench: PyTorch stopped: " + why + "; timing DL4J only");
    return why;
  }

  /** The engines in the order of repeat {@code r}: the list rotated by r. */
  static List<String> rotate(List<String> engines, int r) {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < engines.size(); i++) order.add(engines.get((i + r) % engines.size()));
    return order;
  }

  /** The workloads a worker process runs, in this order (the same in every engine's process). */
  static List<InProcessWorkload> inProcess(boolean quick, String engine, Path cache) {
    List<String> e = List.of("engine=" + engine);
    return List.of(
        new XorStepWorkload(SpecLoader.load(Project.specPath("xor-3hidden"), e),
            quick ? XOR_STEPS_QUICK : XOR_STEPS, quick ? 1 : XOR_WARM_UP, quick ? 1 : XOR_ROUNDS),
        new MnistEpochWorkload(SpecLoader.load(Project.specPath("mnist-ch11"), e), cache,
            quick ? MNIST_IMAGES_QUICK : MnistEpochWorkload.EPOCH_IMAGES,
            quick ? 1 : MNIST_WARM_UP, quick ? 1 : MNIST_ROUNDS),
        new SweepSliceWorkload(slice(quick, engine), SWEEP_PARALLEL, 1,
            quick ? 1 : SWEEP_ROUNDS));
  }

  /** experiments/sweeps/bench-xor-slice.yaml; --quick cuts its jobs to a few epochs. */
  @SuppressWarnings("unchecked")
  static Sweep slice(boolean quick, String engine) {
    Path file = SweepLoader.sweepPath("bench-xor-slice");
    if (!quick) return SweepLoader.load(file, engine);
    try {
      Map<String, Object> tree = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(),
          Map.class);
      Map<String, Object> set = (Map<String, Object>) tree.get("set");
      set.put("epochs", SWEEP_EPOCHS_QUICK);
      set.put("record_every", SWEEP_EPOCHS_QUICK / 2);
      set.put("engine", engine);
      return SweepLoader.resolve(file.toString(), tree, "bench-xor-slice");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PyTorch counterparts, beside the suite and not part of it. */
  static Path script(String name) {
    return Project.home().resolve("bench").resolve(name);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("lab-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The 1, 5 and 15 minute load averages: how busy the shared machine was. Without /proc
   * (macOS), the JVM's 1 minute figure; "unknown" where there is none (Windows).
   */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      double one = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage();
      return one < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f (1 min)", one);
    }
  }

  /** Redraws {@code dir}'s bench.png from its bench.json, no timing (./lab charts bench). */
  public static void redrawChart(java.nio.file.Path dir) {
    BenchReport.redraw(dir);
  }
}
