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
 * ./lab bench --quick --no-torch, the smoke run CI can afford: it completes and bench.json holds
 * every workload with positive, finite numbers and the provenance. No time is asserted: speed is
 * the shipped benchmark's business, not a unit test's.
 */
class BenchQuickTest {

  @Test
  @SuppressWarnings("unchecked")
  void quickBenchWritesEveryWorkloadWithFiniteNumbers(@TempDir Path results) throws Exception {
    lab.mnist.MnistCache.require("BenchQuickTest");
    LabCli.Result r = LabCli.run("bench", "--quick", "--no-torch", "--results",
        results.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("PyTorch not run: not asked for (--no-torch)"), r.out());

    Path dir = results.resolve("bench-quick");
    Map<String, Object> bench = Json.read(dir.resolve("bench.json"));
    assertEquals("bench-quick", bench.get("name"));
    assertEquals(true, bench.get("quick"));
    assertEquals(1, bench.get("rounds"));
    Map<String, Object> workloads = (Map<String, Object>) bench.get("workloads");
    assertEquals(List.of("xor_step", "mnist_epoch", "sweep_slice"),
        List.copyOf(workloads.keySet()));
    Map<String, String> units = Map.of("xor_step", "step", "mnist_epoch", "epoch",
        "sweep_slice", "job");
    for (var e : units.entrySet()) {
      Map<String, Object> w = (Map<String, Object>) workloads.get(e.getKey());
      assertEquals(e.getValue(), w.get("unit"));
      Map<String, Object> dl4j = (Map<String, Object>) w.get("dl4j");
      List<Number> rounds = (List<Number>) dl4j.get("rounds_seconds_per_unit");
      assertEquals(1, rounds.size(), e.getKey());
      positiveFinite(e.getKey() + " median", dl4j.get("median_seconds_per_unit"));
      assertNull(w.get("pytorch"), e.getKey());
      // --quick warms up with one round; the sweep slice has no warm-up of its own.
      List<?> warm = (List<?>) ((Map<String, Object>) w.get("warm_up"))
          .get("dl4j_rounds_seconds_per_unit");
      assertEquals(e.getKey().equals("sweep_slice") ? 0 : 1, warm.size(), e.getKey());
      assertNull(w.get("dl4j_over_pytorch_time"), e.getKey());
    }
    positiveFinite("us per step", ((Map<String, Object>) ((Map<String, Object>) workloads
        .get("xor_step")).get("dl4j")).get("microseconds_per_step"));
    Map<String, Object> mnist = (Map<String, Object>) ((Map<String, Object>) workloads
        .get("mnist_epoch")).get("dl4j");
    positiveFinite("GFLOP/s", mnist.get("gflops"));
    Map<String, Object> sweep = (Map<String, Object>) workloads.get("sweep_slice");
    assertEquals(40, sweep.get("jobs"));
    positiveFinite("jobs per minute",
        ((Map<String, Object>) sweep.get("dl4j")).get("jobs_per_minute"));

    Map<String, Object> torch = (Map<String, Object>) bench.get("pytorch");
    assertEquals(false, torch.get("ran"));
    Map<String, Object> prov = (Map<String, Object>) bench.get("provenance");
    for (String key : List.of("cpu", "cores", "java", "os", "dl4j_version", "nd4j_binary",
        "nd4j_native_library", "blas_vendor", "omp_threads", "host", "git_commit")) {
      assertTrue(prov.containsKey(key), key);
    }
    assertTrue(String.valueOf(prov.get("nd4j_native_library")).contains("libnd4jcpu"),
        String.valueOf(prov.get("nd4j_native_library")));

    var image = javax.imageio.ImageIO.read(dir.resolve("bench.png").toFile());
    assertTrue(image != null && image.getWidth() > 100, "bench.png");
    assertFalse(Files.exists(results.resolve("bench")), "a quick run never writes bench/");
  }

  private static void positiveFinite(String what, Object value) {
    double v = ((Number) value).doubleValue();
    assertTrue(v > 0 && Double.isFinite(v), what + ": " + v);
  }

  @Test
  void zeroRepeatsIsOneLineAndExitTwo() {
    LabCli.Result r = LabCli.run("bench", "--repeats", "0", "--no-torch");
    assertEquals(2, r.code());
    assertEquals("error: --repeats 0: not allowed; allowed: a whole number from 1 to 100",
        r.err().strip());
  }
}
