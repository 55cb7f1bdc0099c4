package lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.Project;
import lab.mnist.MnistData;
import lab.mnist.MnistFetcher;
import lab.mnist.MnistFiles;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import lab.sweep.Sweep;
import lab.sweep.SweepLoader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ./lab bench: the three workloads on DL4J and, when it can be had, on PyTorch, untimed warm-up
 * rounds (see {@link #WARM_UP_SECONDS}), then {@code rounds} timed rounds that alternate between
 * the two engines (DL4J first on even rounds, PyTorch first on odd ones, so a slow spell on the
 * shared cores hits both alike).
 */
public final class Bench {
  /** Round sizes of the real bench and of --quick (a smoke run: seconds, not minutes). */
  static final int XOR_STEPS = 2000;
  static final int XOR_STEPS_QUICK = 50;
  static final int MNIST_IMAGES_QUICK = 1000;
  static final int SWEEP_EPOCHS_QUICK = 20;

  /**
   * Warm-up: rounds of both engines, alternating, until DL4J's have taken this many seconds. The
   * JIT keeps compiling DL4J's and ND4J's Java code well past the first round: in one JVM, the
   * MNIST epoch took 1.02, 0.66, 0.57, 0.53 s in its first rounds and settled near 0.40 s after
   * about ten (README, Speed). A training run of minutes spends its time in that settled state.
   */
  static final double WARM_UP_SECONDS = 10;
  static final int MAX_WARM_UP_ROUNDS = 25;

  private Bench() {}

  /** Runs the bench and writes its folder; returns that folder. */
  public static Path run(BenchOptions options, PrintStream console) {
    String loadAtStart = loadAverage();
    List<Workload> workloads = workloads(options, console);
    int threads = Nd4j.getEnvironment().maxMasterThreads();
    Map<Workload, Timings> dl4j = new LinkedHashMap<>();
    Map<Workload, Timings> pytorch = new LinkedHashMap<>();
    Map<Workload, Timings> warmDl4j = new LinkedHashMap<>();
    Map<Workload, Timings> warmTorch = new LinkedHashMap<>();
    for (Workload w : workloads) {
      dl4j.put(w, new Timings());
      pytorch.put(w, new Timings());
      warmDl4j.put(w, new Timings());
      warmTorch.put(w, new Timings());
    }
    try (TorchSide torch = TorchSide.start(options.torch(), script(), threads,
        Project.home().resolve("target"), console)) {
      for (Workload w : workloads) {
        if (!w.needsWarmUp()) continue;
        double dl4jSeconds = 0;
        do {
          double seconds = w.dl4jRound();
          dl4jSeconds += seconds;
          warmDl4j.get(w).add(seconds / w.unitsPerRound());
          double t = torch.round(w);
          if (!Double.isNaN(t)) warmTorch.get(w).add(t);
        } while (!options.quick() && dl4jSeconds < WARM_UP_SECONDS
            && warmDl4j.get(w).values().size() < MAX_WARM_UP_ROUNDS);
        console.printf("bench: warm-up: %d round(s) of %s, DL4J's last %s%n",
            warmDl4j.get(w).values().size(), w.title(), w.shown(warmDl4j.get(w).last()));
      }
      for (int r = 0; r < options.rounds(); r++) {
        for (Workload w : workloads) {
          boolean torchFirst = r % 2 == 1;
          double t = torchFirst ? torch.round(w) : Double.NaN;
          dl4j.get(w).add(w.dl4jRound() / w.unitsPerRound());
          if (!torchFirst) t = torch.round(w);
          if (!Double.isNaN(t)) pytorch.get(w).add(t);
          console.printf("round %d/%d  %-48s DL4J %s%s%n", r + 1, options.rounds(), w.title(),
              w.shown(dl4j.get(w).last()), Double.isNaN(t) ? "" : " | PyTorch " + w.shown(t));
        }
      }
      // A PyTorch that broke mid-way leaves rounds on some workloads only: none are reported.
      if (!torch.running()) pytorch.clear();
      return new BenchReport(options, workloads, dl4j, pytorch, torch.reason(), torch.about(),
          threads, loadAtStart, loadAverage()).withWarmUp(warmDl4j, warmTorch).write(console);
    }
  }

  static List<Workload> workloads(BenchOptions options, PrintStream console) {
    boolean quick = options.quick();
    List<String> engine = List.of("engine=" + options.engine());
    ExperimentSpec xor = SpecLoader.load(Project.specPath("xor-3hidden"), engine);
    ExperimentSpec mnist = SpecLoader.load(Project.specPath("mnist-ch11"), engine);
    Path cache = MnistFetcher.ensure(MnistFiles.cacheDir(), console);
    MnistData data = MnistData.read(cache);
    int images = quick ? MNIST_IMAGES_QUICK : MnistEpochWorkload.EPOCH_IMAGES;
    return List.of(
        new XorStepWorkload(xor, quick ? XOR_STEPS_QUICK : XOR_STEPS),
        new MnistEpochWorkload(mnist, data, cache, images),
        new SweepSliceWorkload(slice(quick, options.engine()),
            Runtime.getRuntime().availableProcessors()));
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
  static Path script() {
    return Project.home().resolve("bench").resolve("torch_bench.py");
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
}
