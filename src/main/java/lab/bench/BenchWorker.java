package lab.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.mnist.MnistFiles;
import lab.net.EngineChoice;
import lab.net.Engines;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J side of one repeat, inside a JVM started for one engine only (lab.cli's hidden
 * bench-worker command, which settles the engine before ND4J loads): each in-process workload's
 * warm-up rounds and timed rounds, in seconds per round, what the JVM ran with, and the one-core
 * sgemm probe measured after each workload: the best of them is the limit the GFLOP/s are set
 * against, and one far under the others shows that the machine slowed this process
 * (lab.bench.BenchReport sets such repeats apart).
 */
public final class BenchWorker {
  /** Square sgemm for the peak: 2 n^3 flops; --quick uses a smaller one. */
  static final int PEAK_N = 1024;
  static final int PEAK_N_QUICK = 256;
  static final int PEAK_REPEATS = 5;

  private BenchWorker() {}

  /** Runs the workloads on {@code engine} (dl4j or dl4j-stock); the answer the bench reads. */
  public static Map<String, Object> run(String engine, boolean quick) {
    EngineChoice choice = Engines.choose(engine);
    Map<String, Object> workloads = new LinkedHashMap<>();
    List<Double> probes = new ArrayList<>();
    for (InProcessWorkload w : Bench.inProcess(quick, engine, MnistFiles.cacheDir())) {
      List<Double> warm = new ArrayList<>();
      List<Double> rounds = new ArrayList<>();
      for (int i = 0; i < w.warmUpRounds(); i++) warm.add(w.dl4jRound());
      for (int i = 0; i < w.rounds(); i++) rounds.add(w.dl4jRound());
      workloads.put(w.id(), Map.of("warm_up_seconds", warm, "round_seconds", rounds));
      probes.add(sgemmPeakGflops(peakSize(quick)));
    }
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("engine", choice.engine());
    about.put("engine_fallback", choice.fallback());
    about.put("substitutions", choice.substitutions());
    about.put("sgemm_probes_gflops", probes);
    about.put("sgemm_peak_gflops", probes.stream().mapToDouble(Double::doubleValue).max()
        .orElseThrow());
    about.put("omp_threads", Nd4j.getEnvironment().maxMasterThreads());
    about.put("javacpp_max_physical_bytes", org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
    about.put("nd4j_shape_info_provider", Nd4j.getShapeInfoProvider().getClass().getName());
    about.put("nd4j_tad_manager",
        Nd4j.getExecutioner().getTADManager().getClass().getName());
    about.put("nd4j_profiling_mode", String.valueOf(Nd4j.getExecutioner().getProfilingMode()));
    about.put("nd4j_native_library", BenchReport.loadedNativeLibrary());
    about.put("blas_library", lab.core.BlasLibrary.loaded());
    about.put("blas_choice", lab.core.BlasLibrary.why());
    about.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    about.put("pid", ProcessHandle.current().pid());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("about", about);
    answer.put("workloads", workloads);
    return answer;
  }

  /** The probe's matrix size: {@value #PEAK_N}, or {@value #PEAK_N_QUICK} for --quick. */
  static int peakSize(boolean quick) {
    return quick ? PEAK_N_QUICK : PEAK_N;
  }

  /**
   * The best of {@value #PEAK_REPEATS} float products of two n x n matrices through ND4J (which
   * ends in OpenBLAS's sgemm on this one thread), in GFLOP/s: what one core can do at best. The
   * operands and the result are column-major and the result is given, so that the time is the
   * sgemm's alone: for row-major operands ND4J's {@code mmul} also copies them and allocates the
   * result, which halved the rate measured here (40 against 90 GFLOP/s on 2026-12-02's machine).
   */
  static double sgemmPeakGflops(int n) {
    INDArray a = Nd4j.rand(DataType.FLOAT, 'f', n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, 'f', n, n);
    INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, n}, 'f');
    try {
      a.mmuli(b, c); // first use: library set-up, not timed
      double best = Double.MAX_VALUE;
      for (int i = 0; i < PEAK_REPEATS; i++) {
        long t0 = System.nanoTime();
        a.mmuli(b, c);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      return 2.0 * n * n * n / best / 1e9;
    } finally {
      // measured several times a process: the 12 MB go back now, not at a collection
      a.close();
      b.close();
      c.close();
    }
  }
}
