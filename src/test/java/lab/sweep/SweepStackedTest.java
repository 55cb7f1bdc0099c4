package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lab.RelativeDifference;
import lab.results.Json;
import lab.results.MetricsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds of a grid point trained as one stacked network give every job the folder and the
 * numbers it gets when trained alone (--one-by-one), up to float rounding.
 */
class SweepStackedTest {

  /**
   * Two grid points x 4 seeds; a learning rate at which the runs move smoothly, so that rounding
   * does not grow (at Adam lr 0.5 a job hovers on a plateau with one output at 0.5, and a rounding
   * flips its recorded accuracy).
   */
  private static final String SMALL = """
      name: small
      spec:
        experiment: xor
        model: {hidden: [2, 2]}
        epochs: 300
        log_every: 0
        record_every: 10
      grid:
        optimizer.name: [sgd, adam]
      set: {optimizer.lr: 0.05}
      seeds: 4
      success: {train_accuracy: 1.0}
      target_loss: 0.6
      """;

  /**
   * Float losses of a stacked job and the same job alone. Measured on this sweep: at most a
   * relative 3.4e-7 (a few float roundings: BLAS rounds a copy's dot products in the wide
   * stacked product otherwise than in the job's own small one, e.g. with or without a fused
   * multiply-add). The bound, 1e-5, leaves a margin; recipes on a chaotic path (Adam at lr 0.1-1
   * on a plateau) amplify such roundings like any change of float order (README).
   */
  static final double FLOAT_TOLERANCE = 1e-5;

  @Test
  void stackedJobsMatchOneByOne(@TempDir Path dir) {
    Path file = SweepTestFiles.write(dir, "small", SMALL);
    SweepTestFiles.Outcome stacked = SweepTestFiles.lab("sweep", file.toString(), "--parallel",
        "2", "--results", dir.resolve("stacked").toString());
    assertEquals(0, stacked.code(), stacked.err());
    assertTrue(stacked.out().contains("2 stacked networks of up to 4 jobs"), stacked.out());
    SweepTestFiles.Outcome alone = SweepTestFiles.lab("sweep", file.toString(), "--one-by-one",
        "--parallel", "2", "--results", dir.resolve("alone").toString());
    assertEquals(0, alone.code(), alone.err());
    assertFalse(alone.out().contains("stacked networks"), alone.out());

    Path a = dir.resolve("alone/sweeps/small/runs");
    Path s = dir.resolve("stacked/sweeps/small/runs");
    Sweep sweep = SweepLoader.load(dir.resolve("stacked/sweeps/small/sweep.yaml"));
    double worst = 0;
    for (Job job : sweep.jobs()) {
      Path ja = a.resolve(job.id());
      Path js = s.resolve(job.id());
      assertEquals(files(ja), files(js), job.id());
      assertEquals(read(ja.resolve("spec.yaml")), read(js.resolve("spec.yaml")));
      MetricsTable ma = MetricsTable.read(ja.resolve("metrics.csv"));
      MetricsTable ms = MetricsTable.read(js.resolve("metrics.csv"));
      assertEquals(ma.columns(), ms.columns());
      assertArrayEquals(ma.column("epoch"), ms.column("epoch"));
      assertArrayEquals(ma.column("train_accuracy"), ms.column("train_accuracy"), job.id());
      worst = Math.max(worst, RelativeDifference.largest(ma.column("train_loss"),
          ms.column("train_loss")));

      Map<String, Object> sa = Json.read(ja.resolve("summary.json"));
      Map<String, Object> ss = Json.read(js.resolve("summary.json"));
      assertEquals(4, ss.get("stacked_networks"));
      assertTrue(String.valueOf(ss.get("stacked_note")).contains("divided by stacked_networks"));
      ss.remove("stacked_networks");
      ss.remove("stacked_note");
      assertEquals(sa.keySet(), ss.keySet(), job.id());
      assertEquals(sa.get("spec"), ss.get("spec"));
      assertEquals(sa.get("predicted_classes"), ss.get("predicted_classes"));
    }
    System.out.println("stacked vs one by one, float: largest relative loss difference " + worst);
    assertTrue(worst <= FLOAT_TOLERANCE, "largest relative difference " + worst);
    List<String> ra = SweepTestFiles.runsWithoutWallTime(dir.resolve("alone/sweeps/small"));
    List<String> rs = SweepTestFiles.runsWithoutWallTime(dir.resolve("stacked/sweeps/small"));
    for (int i = 1; i < ra.size(); i++) {
      List<String> ca = SweepTestFiles.cells(ra.get(i));
      List<String> cs = SweepTestFiles.cells(rs.get(i));
      ca.remove(3); // final_train_loss, compared above within the tolerance
      cs.remove(3);
      // stacked_networks (before git_commit): how each job was trained, the one intended change
      assertEquals("1", ca.remove(ca.size() - 2));
      assertEquals("4", cs.remove(cs.size() - 2));
      assertEquals(ca, cs);
    }
  }

  /** Jobs that diverge in a stack are rerun one by one, and recorded as diverged. */
  @Test
  void aDivergingStackIsRerunOneByOne(@TempDir Path dir) throws IOException {
    Path file = SweepTestFiles.write(dir, "diverging", SweepTestFiles.diverging(2));
    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--results",
        dir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("became non-finite") && o.out().contains("one by one"), o.out());
    Path sweepDir = dir.resolve("sweeps/diverging");
    Sweep sweep = SweepLoader.load(sweepDir.resolve("sweep.yaml"));
    for (Job job : sweep.jobs()) {
      Map<String, Object> s = Json.read(sweepDir.resolve("runs").resolve(job.id())
          .resolve("summary.json"));
      boolean lr50 = ((Number) job.point().get("optimizer.lr")).doubleValue() == 50;
      assertEquals(lr50, Boolean.TRUE.equals(s.get("diverged")), job.id());
      // The diverged stack's jobs were trained alone; the other stack's together.
      assertEquals(lr50, !s.containsKey("stacked_networks"), job.id());
    }
    String md = read(sweepDir.resolve("summary.md"));
    assertTrue(md.contains("| optimizer.lr=50 | 0/2 | 2 |"), md);
  }

  /**
   * Resume trains a stack whose jobs were partly written whole again, writes only the missing
   * job, and gives it the very numbers of the uninterrupted run.
   */
  @Test
  void resumeRetrainsTheStackAndWritesOnlyTheMissingJob(@TempDir Path dir) throws IOException {
    Path file = SweepTestFiles.write(dir, "small", SMALL.replace("epochs: 300", "epochs: 60"));
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString())
        .code());
    Path sweepDir = dir.resolve("sweeps/small");
    List<String> before = SweepTestFiles.runsWithoutWallTime(sweepDir);
    Sweep sweep = SweepLoader.load(sweepDir.resolve("sweep.yaml"));
    Path runs = sweepDir.resolve("runs");
    Path missing = runs.resolve(sweep.jobs().get(2).id());
    String metrics = read(missing.resolve("metrics.csv"));
    Files.delete(missing.resolve("summary.json"));
    String kept = read(runs.resolve(sweep.jobs().get(1).id()).resolve("summary.json"));

    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--resume",
        "--results", dir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("7 already done, 1 to run"), o.out());
    List<String> rerun = o.out().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(1, rerun.size(), o.out());
    assertTrue(rerun.get(0).contains(sweep.jobs().get(2).id()), o.out());
    assertEquals(kept, read(runs.resolve(sweep.jobs().get(1).id()).resolve("summary.json")));
    assertEquals(metrics, read(missing.resolve("metrics.csv")));
    assertEquals(before, SweepTestFiles.runsWithoutWallTime(sweepDir));
  }

  private static List<String> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
