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
  @SuppressWarnings("unchecked")
  void aProcessWhoseProbeFellIsSetApartAndTheOtherRepeatsGetTheirOwnRatio() {
    Workload xor = Bench.inProcess(true, "dl4j", MnistFiles.cacheDir()).get(0);
    Map<String, EngineRuns> runs = new LinkedHashMap<>();
    EngineRuns dl4j = new EngineRuns();
    dl4j.add(xor.id(), List.of(), List.of(10.0, 11.0));
    dl4j.add(xor.id(), List.of(), List.of(12.0));
    dl4j.add(xor.id(), List.of(), List.of(30.0)); // slowed too, but its probes did not fall
    dl4j.addProcess(Map.of("repeat", 1, "sgemm_probes_gflops", List.of(90.0, 91.0, 90.0)));
    dl4j.addProcess(Map.of("repeat", 2, "sgemm_probes_gflops", List.of(90.0, 89.0, 90.0)));
    dl4j.addProcess(Map.of("repeat", 3, "sgemm_peak_gflops", 88.0)); // an older answer
    EngineRuns torch = new EngineRuns();
    torch.add(xor.id(), List.of(), List.of(20.0));
    torch.add(xor.id(), List.of(), List.of(40.0));
    torch.add(xor.id(), List.of(), List.of(22.0));
    torch.addProcess(Map.of("repeat", 1, "sgemm_probes_gflops", List.of(97.0, 96.0, 97.0)));
    // 71.0 and 72.0 are under 75% of PyTorch's median probe (97: 72.75): repeats 2 and 3 go
    torch.addProcess(Map.of("repeat", 2, "sgemm_probes_gflops", List.of(97.0, 71.0, 98.0)));
    torch.addProcess(Map.of("repeat", 3, "sgemm_probes_gflops", List.of(96.0, 97.0, 72.0)));
    runs.put("dl4j", dl4j);
    runs.put("pytorch", torch);
    BenchReport r = new BenchReport(new BenchOptions(false, 3, true, Path.of("/nonexistent"),
        List.of("dl4j")), List.of(xor), runs, List.of(), null, "1 1 1", "2 2 2");

    assertEquals(Map.of("dl4j", List.of(), "pytorch", List.of(2, 3)), r.slowed());
    assertEquals(List.of(1), r.unslowedRepeats());
    // repeat 1 alone: dl4j 10, 11 (10.5) over PyTorch 20
    assertEquals(10.5 / 20.0, r.ratioOver(r.unslowedRepeats(), "dl4j", "pytorch", xor), 1e-12);
    // repeats 1 and 2: dl4j 10, 11, 12 (11) over PyTorch 20, 40 (30)
    assertEquals(11.0 / 30.0, r.ratioOver(List.of(1, 2), "dl4j", "pytorch", xor), 1e-12);
    Map<String, Object> ratios = (Map<String, Object>) ((Map<String, Object>) ((Map<String,
        Object>) r.json().get("workloads")).get(xor.id())).get("time_ratios");
    assertEquals(10.5 / 20.0, (double) ratios.get("dl4j_over_pytorch_unslowed_repeats"), 1e-12);
    // The headline still pools every repeat: dl4j 10, 11, 12, 30 (11.5) over 20, 22, 40 (22).
    assertEquals(11.5 / 22.0, (double) ratios.get("dl4j_over_pytorch"), 1e-12);
    String table = r.table();
    assertTrue(table.contains("pytorch      repeat 2: 97.0, 71.0, 98.0   slowed"), table);
    assertTrue(table.contains("dl4j         repeat 3: 88.0\n"), table);
    assertTrue(table.contains("no process was slowed (1)"), table);
    // The whole run is timed from outside its process: no probe, no such ratio.
    assertTrue(Double.isNaN(r.ratioOver(List.of(1), "dl4j", "pytorch", whole())));
  }

  @Test
  void withoutASlowedProcessNothingIsSetApart() {
    Workload xor = Bench.inProcess(true, "dl4j", MnistFiles.cacheDir()).get(0);
    Map<String, EngineRuns> runs = new LinkedHashMap<>();
    EngineRuns dl4j = new EngineRuns();
    dl4j.add(xor.id(), List.of(), List.of(10.0));
    dl4j.add(xor.id(), List.of(), List.of(12.0));
    dl4j.addProcess(Map.of("repeat", 1, "sgemm_probes_gflops", List.of(90.0, 91.0)));
    dl4j.addProcess(Map.of("repeat", 2, "sgemm_probes_gflops", List.of(76.0, 90.0)));
    runs.put("dl4j", dl4j);
    BenchReport r = report(runs, xor);
    assertEquals(Map.of("dl4j", List.of()), r.slowed());
    assertEquals(List.of(1, 2), r.unslowedRepeats());
    assertFalse(r.table().contains("slowed\n"), r.table());
    assertFalse(r.table().contains("no process was slowed ("), r.table());
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
