package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.Project;
import lab.mnist.MnistFiles;
import lab.spec.SpecLoader;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of the report on numbers given by hand: medians pool the timed rounds of all
 * repeats and leave the warm-up out, the three ratios, GFLOP/s against the best measured peak.
 */
class BenchReportTest {

  private static Workload whole() {
    return new WholeRunWorkload(SpecLoader.load(Project.specPath("mnist-ch11"), List.of()),
        false, MnistFiles.cacheDir());
  }

  private static BenchReport report(Map<String, EngineRuns> runs, Workload w) {
    return new BenchReport(new BenchOptions(false, 2, true, Path.of("/nonexistent"),
        List.of("dl4j", "dl4j-stock")), List.of(w), runs, List.of(), null, "1 1 1", "2 2 2");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mediansPoolRepeatsWithoutWarmUpAndRatiosCompareEngines() {
    Workload w = whole();
    Map<String, EngineRuns> runs = new LinkedHashMap<>();
    EngineRuns dl4j = new EngineRuns();
    dl4j.add(w.id(), List.of(100.0), List.of(20.0));
    dl4j.add(w.id(), List.of(100.0), List.of(30.0, 10.0));
    dl4j.addProcess(Map.of("sgemm_peak_gflops", 40.0));
    dl4j.addProcess(Map.of("sgemm_peak_gflops", 50.0));
    EngineRuns stock = new EngineRuns();
    stock.add(w.id(), List.of(), List.of(40.0));
    EngineRuns torch = new EngineRuns();
    torch.add(w.id(), List.of(), List.of(25.0));
    runs.put("dl4j", dl4j);
    runs.put("dl4j-stock", stock);
    runs.put("pytorch", torch);

    BenchReport r = report(runs, w);
    assertEquals(50.0, r.peakGflops());
    Map<String, Object> j = r.json();
    Map<String, Object> wl = (Map<String, Object>) ((Map<String, Object>) j.get("workloads"))
        .get("whole_run");
    Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) wl.get("engines"))
        .get("dl4j");
    assertEquals(20.0, d.get("median_seconds_per_unit")); // 10, 20, 30: not the 100s of warm-up
    assertEquals(w.flopsPerUnit() / 20.0 / 1e9, (double) d.get("gflops"), 1e-12);
    assertEquals(w.flopsPerUnit() / 20.0 / 1e9 / 50.0, (double) d.get("share_of_sgemm_peak"),
        1e-12);
    Map<String, Object> ratios = (Map<String, Object>) wl.get("time_ratios");
    assertEquals(20.0 / 25.0, (double) ratios.get("dl4j_over_pytorch"), 1e-12);
    assertEquals(40.0 / 25.0, (double) ratios.get("dl4j_stock_over_pytorch"), 1e-12);
    assertEquals(0.5, (double) ratios.get("dl4j_over_dl4j_stock"), 1e-12);
    String table = r.table();
    assertTrue(table.contains("0.80") && table.contains("1.60") && table.contains("0.50"), table);
  }

  @Test
  @SuppressWarnings("unchecked")
  void withoutPyTorchItsRatiosAreNull() {
    Workload w = whole();
    Map<String, EngineRuns> runs = new LinkedHashMap<>();
    EngineRuns dl4j = new EngineRuns();
    dl4j.add(w.id(), List.of(), List.of(20.0));
    runs.put("dl4j", dl4j);
    Map<String, Object> wl = (Map<String, Object>) ((Map<String, Object>) report(runs, w).json()
        .get("workloads")).get("whole_run");
    Map<String, Object> ratios = (Map<String, Object>) wl.get("time_ratios");
    assertNull(ratios.get("dl4j_over_pytorch"));
    assertNull(ratios.get("dl4j_over_dl4j_stock"));
    assertEquals(List.of(), ratios.get("dl4j_over_pytorch_per_repeat"));
    assertFalse(report(runs, w).table().contains("in each repeat"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachRepeatHasItsOwnRatioOfMedians() {
    Workload w = whole();
    Map<String, EngineRuns> runs = new LinkedHashMap<>();
    EngineRuns dl4j = new EngineRuns();
    dl4j.add(w.id(), List.of(), List.of(10.0, 12.0, 50.0)); // median 12
    dl4j.add(w.id(), List.of(), List.of(30.0));
    dl4j.add(w.id(), List.of(), List.of(16.0));
    EngineRuns torch = new EngineRuns();
    torch.add(w.id(), List.of(), List.of(10.0));
    torch.add(w.id(), List.of(), List.of(15.0)); // a slow repeat of the peer's
    torch.add(w.id(), List.of(), List.of(20.0));
    runs.put("dl4j", dl4j);
    runs.put("pytorch", torch);
    BenchReport r = report(runs, w);
    Map<String, Object> wl = (Map<String, Object>) ((Map<String, Object>) r.json()
        .get("workloads")).get("whole_run");
    Map<String, Object> ratios = (Map<String, Object>) wl.get("time_ratios");
    List<Double> byRepeat = (List<Double>) ratios.get("dl4j_over_pytorch_per_repeat");
    assertEquals(3, byRepeat.size());
    assertEquals(1.2, byRepeat.get(0), 1e-12);
    assertEquals(2.0, byRepeat.get(1), 1e-12);
    assertEquals(0.8, byRepeat.get(2), 1e-12);
    // The pooled medians (dl4j 10, 12, 16, 30, 50: 16; PyTorch 10, 15, 20: 15) stay the headline.
    assertEquals(16.0 / 15.0, (double) ratios.get("dl4j_over_pytorch"), 1e-12);
    String table = r.table();
    assertTrue(table.contains("in each repeat"), table);
    assertTrue(table.contains("1.20  2.00  0.80"), table);
  }

  @Test
  void enginesRotateBetweenRepeats() {
    List<String> e = List.of("dl4j", "dl4j-stock", "pytorch");
    assertEquals(e, Bench.rotate(e, 0));
    assertEquals(List.of("dl4j-stock", "pytorch", "dl4j"), Bench.rotate(e, 1));
    assertEquals(List.of("pytorch", "dl4j", "dl4j-stock"), Bench.rotate(e, 2));
  }

  @Test
  void wholeRunFlopsCountTrainingAndEvaluations() {
    // 50 epochs of 55,000 images at 79,900 multiply-adds, plus forward passes (39,700) over
    // train and valid (60,000) 51 times and the 10,000 test images once.
    double expected = 2.0 * 79_900 * 55_000 * 50 + 2.0 * 39_700 * (51.0 * 60_000 + 10_000);
    assertEquals(expected, whole().flopsPerUnit(), 1);
  }
}
