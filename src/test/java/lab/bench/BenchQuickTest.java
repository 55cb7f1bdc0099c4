package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.LabCli;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./lab bench --quick --no-torch, the smoke run CI can afford: each DL4J engine runs in a JVM of
 * its own (the hidden bench-worker command, and ./lab run mnist-ch11 for the whole run), and
 * bench.json holds every workload on both engines with positive, finite numbers, each worker's
 * JVM-wide settings as that engine needs them, and the provenance. No time is asserted: speed is
 * the shipped benchmark's business, not a unit test's.
 */
class BenchQuickTest {

  @Test
  @SuppressWarnings("unchecked")
  void quickBenchTimesBothEnginesInTheirOwnJvms(@TempDir Path results) throws Exception {
    lab.mnist.MnistCache.require("BenchQuickTest");
    LabCli.Result r = LabCli.run("bench", "--quick", "--no-torch", "--results",
        results.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("PyTorch not run: not asked for (--no-torch)"), r.out());
    // Each engine process's probe, printed after its rounds: one line per process.
    assertEquals(2, r.out().lines().filter(l -> l.trim().startsWith("one-core sgemm probe"))
        .count(), r.out());

    Path dir = results.resolve("bench-quick");
    Map<String, Object> bench = Json.read(dir.resolve("bench.json"));
    assertEquals("bench-quick", bench.get("name"));
    assertEquals(true, bench.get("quick"));
    assertEquals(1, bench.get("repeats"));
    assertEquals(List.of("dl4j", "dl4j-stock"), bench.get("engines"));
    Map<String, Object> workloads = (Map<String, Object>) bench.get("workloads");
    assertEquals(List.of("xor_step", "mnist_epoch", "sweep_slice", "whole_run"),
        List.copyOf(workloads.keySet()));
    Map<String, String> units = Map.of("xor_step", "step", "mnist_epoch", "epoch",
        "sweep_slice", "job", "whole_run", "run");
    for (var e : units.entrySet()) {
      Map<String, Object> w = (Map<String, Object>) workloads.get(e.getKey());
      assertEquals(e.getValue(), w.get("unit"));
      positiveFinite(e.getKey() + " flops", w.get("flops_per_unit"));
      for (String engine : List.of("dl4j", "dl4j-stock")) {
        Map<String, Object> m = (Map<String, Object>) ((Map<String, Object>) w.get("engines"))
            .get(engine);
        String what = e.getKey() + " " + engine;
        List<List<Number>> rounds = (List<List<Number>>) m.get("rounds_seconds_per_unit_per_repeat");
        assertEquals(1, rounds.size(), what);
        assertEquals(1, rounds.get(0).size(), what);
        positiveFinite(what + " median", m.get("median_seconds_per_unit"));
        positiveFinite(what + " GFLOP/s", m.get("gflops"));
        // --quick warms up with one round in the process; a whole run is one process start.
        List<List<Number>> warm = (List<List<Number>>) m.get("warm_up_seconds_per_unit_per_repeat");
        assertEquals(e.getKey().equals("whole_run") ? 0 : 1, warm.get(0).size(), what);
      }
      Map<String, Object> ratios = (Map<String, Object>) w.get("time_ratios");
      assertNull(ratios.get("dl4j_over_pytorch"), e.getKey());
      positiveFinite(e.getKey() + " dl4j/stock", ratios.get("dl4j_over_dl4j_stock"));
    }
    assertEquals(40, ((Map<String, Object>) workloads.get("sweep_slice")).get("jobs"));

    // Each engine ran in a JVM of its own, set up as that engine needs before ND4J loaded.
    Map<String, Object> processes = (Map<String, Object>) bench.get("processes");
    Map<String, Object> fast = ((List<Map<String, Object>>) processes.get("dl4j")).get(0);
    Map<String, Object> stock = ((List<Map<String, Object>>) processes.get("dl4j-stock")).get(0);
    assertEquals("dl4j", fast.get("engine"));
    assertFalse(((List<?>) fast.get("substitutions")).isEmpty());
    assertEquals("dl4j-stock", stock.get("engine"));
    assertEquals(List.of(), stock.get("substitutions"));
    assertFalse(String.valueOf(stock.get("nd4j_shape_info_provider")).startsWith("lab."));
    assertFalse(String.valueOf(stock.get("nd4j_tad_manager")).startsWith("lab."));
    assertTrue(((Number) stock.get("javacpp_max_physical_bytes")).longValue() != 0);
    assertTrue(!fast.get("pid").equals(stock.get("pid")));
    positiveFinite("sgemm peak", fast.get("sgemm_peak_gflops"));
    // The probe after each of the three workloads; the peak is their best.
    List<Number> probes = (List<Number>) fast.get("sgemm_probes_gflops");
    assertEquals(3, probes.size(), String.valueOf(probes));
    probes.forEach(p -> positiveFinite("sgemm probe", p));
    assertEquals(probes.stream().mapToDouble(Number::doubleValue).max().orElseThrow(),
        ((Number) fast.get("sgemm_peak_gflops")).doubleValue());
    Map<String, Object> slowed = (Map<String, Object>) bench.get("slowed_processes");
    assertTrue(((Map<String, Object>) slowed.get("repeats_by_engine")).containsKey("dl4j"),
        String.valueOf(slowed));
    assertTrue(String.valueOf(fast.get("nd4j_native_library")).contains("libnd4jcpu"),
        String.valueOf(fast.get("nd4j_native_library")));
    // Both engines on one OpenBLAS, whichever lab.core.BlasLibrary chose.
    assertTrue(String.valueOf(fast.get("blas_library")).contains("libopenblas"),
        String.valueOf(fast.get("blas_library")));
    assertEquals(fast.get("blas_library"), stock.get("blas_library"));

    Map<String, Object> torch = (Map<String, Object>) bench.get("pytorch");
    assertEquals(false, torch.get("ran"));
    Map<String, Object> prov = (Map<String, Object>) bench.get("provenance");
    for (String key : List.of("cpu", "cores", "java", "os", "dl4j_version", "nd4j_binary",
        "blas_vendor", "host", "git_commit")) {
      assertTrue(prov.containsKey(key), key);
    }
    Map<String, Object> load = (Map<String, Object>) bench.get("load_average");
    assertTrue(load.containsKey("start") && load.containsKey("end"));

    var image = javax.imageio.ImageIO.read(dir.resolve("bench.png").toFile());
    assertTrue(image != null && image.getWidth() > 100, "bench.png");
    assertFalse(Files.exists(results.resolve("bench")), "a quick run never writes bench/");
    assertEquals("XOR step", ((Map<String, Object>) workloads.get("xor_step")).get("label"));

    // ./lab charts redraws the chart from bench.json alone, the same picture.
    byte[] drawn = Files.readAllBytes(dir.resolve("bench.png"));
    Files.delete(dir.resolve("bench.png"));
    LabCli.Result redrawn = LabCli.run("charts", "bench-quick", "--results", results.toString());
    assertEquals(0, redrawn.code(), redrawn.err());
    assertTrue(java.util.Arrays.equals(drawn, Files.readAllBytes(dir.resolve("bench.png"))),
        "the redrawn bench.png differs from the bench's own");
  }

  private static void positiveFinite(String what, Object value) {
    double v = ((Number) value).doubleValue();
    assertTrue(v > 0 && Double.isFinite(v), what + ": " + v);
  }

  @Test
  void unknownEngineIsOneLineAndExitTwo() {
    LabCli.Result r = LabCli.run("bench", "--engine", "scratch", "--no-torch");
    assertEquals(2, r.code());
    assertEquals("error: --engine scratch: not allowed; allowed: dl4j, dl4j-stock",
        r.err().strip());
    LabCli.Result w = LabCli.run("bench-worker", "--engine", "scratch");
    assertEquals(2, w.code());
    assertEquals("error: --engine scratch: not allowed; allowed: dl4j, dl4j-stock",
        w.err().strip());
  }

  @Test
  void zeroRepeatsIsOneLineAndExitTwo() {
    LabCli.Result r = LabCli.run("bench", "--repeats", "0", "--no-torch");
    assertEquals(2, r.code());
    assertEquals("error: --repeats 0: not allowed; allowed: a whole number from 1 to 100",
        r.err().strip());
  }
}
