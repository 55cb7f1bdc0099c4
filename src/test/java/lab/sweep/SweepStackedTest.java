package lab.sweep;

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
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds of a grid point trained as one stacked network give every job the folder and the very
 * numbers it gets when trained alone: with --one-by-one, with another --parallel, and with ./lab
 * run of the job's own spec.yaml.
 */
class SweepStackedTest {

  /**
   * Two grid points x 5 seeds (an odd stack); Adam at lr 0.5 is a chaotic recipe (jobs hover on a
   * plateau with one output at 0.5), where any difference in rounding grows until it shows.
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
      set: {optimizer.lr: 0.5}
      seeds: 5
      success: {train_accuracy: 1.0}
      target_loss: 0.6
      """;

  @Test
  void stackedJobsMatchOneByOneToTheBit(@TempDir Path dir) {
    Path file = SweepTestFiles.write(dir, "small", SMALL);
    SweepTestFiles.Outcome stacked = SweepTestFiles.lab("sweep", file.toString(), "--parallel",
        "2", "--results", dir.resolve("stacked").toString());
    assertEquals(0, stacked.code(), stacked.err());
    assertTrue(stacked.out().contains("2 stacked networks of up to 5 jobs"), stacked.out());
    SweepTestFiles.Outcome alone = SweepTestFiles.lab("sweep", file.toString(), "--one-by-one",
        "--parallel", "1", "--results", dir.resolve("alone").toString());
    assertEquals(0, alone.code(), alone.err());
    assertFalse(alone.out().contains("stacked networks"), alone.out());

    Path a = dir.resolve("alone/sweeps/small/runs");
    Path s = dir.resolve("stacked/sweeps/small/runs");
    Sweep sweep = SweepLoader.load(dir.resolve("stacked/sweeps/small/sweep.yaml"));
    for (Job job : sweep.jobs()) {
      Path ja = a.resolve(job.id());
      Path js = s.resolve(job.id());
      assertEquals(files(ja), files(js), job.id());
      assertEquals(read(ja.resolve("spec.yaml")), read(js.resolve("spec.yaml")));
      assertEquals(read(ja.resolve("metrics.csv")), read(js.resolve("metrics.csv")), job.id());

      Map<String, Object> sa = Json.read(ja.resolve("summary.json"));
      Map<String, Object> ss = Json.read(js.resolve("summary.json"));
      assertEquals(5, ss.get("stacked_networks"));
      assertTrue(String.valueOf(ss.get("stacked_note")).contains("divided by stacked_networks"));
      ss.remove("stacked_networks");
      ss.remove("stacked_note");
      assertEquals(sa.keySet(), ss.keySet(), job.id());
      for (String key : List.of("spec", "final_train_loss", "train_accuracy", "predictions",
          "predicted_classes", "parameters")) {
        assertEquals(sa.get(key), ss.get(key), job.id() + ": " + key);
      }
    }
    List<String> ra = SweepTestFiles.runsWithoutTrainTime(dir.resolve("alone/sweeps/small"));
    List<String> rs = SweepTestFiles.runsWithoutTrainTime(dir.resolve("stacked/sweeps/small"));
    assertEquals(ra.get(0), rs.get(0));
    assertEquals(ra.size(), rs.size());
    for (int i = 1; i < ra.size(); i++) {
      List<String> ca = SweepTestFiles.cells(ra.get(i));
      List<String> cs = SweepTestFiles.cells(rs.get(i));
      // stacked_networks (before git_commit): how each job was trained, the one intended change
      assertEquals("1", ca.remove(ca.size() - 2));
      assertEquals("5", cs.remove(cs.size() - 2));
      assertEquals(ca, cs);
    }
  }

  /** A stacked job's metrics.csv is what ./lab run writes for the job's own spec.yaml. */
  @Test
  void aStackedJobIsWhatLabRunGivesItsSpec(@TempDir Path dir) throws IOException {
    Path file = SweepTestFiles.write(dir, "small", SMALL);
    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--results",
        dir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("stacked networks"), o.out());
    Path runs = dir.resolve("sweeps/small/runs");
    Sweep sweep = SweepLoader.load(dir.resolve("sweeps/small/sweep.yaml"));
    // Seed 3 of the Adam point: in the middle of its stack of 5.
    Job job = sweep.jobs().stream().filter(j -> j.spec().optimizer().equals("adam")
        && j.spec().seed() == 3).findFirst().orElseThrow();
    Map<String, Object> summary = Json.read(runs.resolve(job.id()).resolve("summary.json"));
    assertEquals(5, summary.get("stacked_networks"));
    SweepTestFiles.Outcome run = SweepTestFiles.lab("run",
        runs.resolve(job.id()).resolve("spec.yaml").toString(), "--results",
        dir.resolve("alone").toString());
    assertEquals(0, run.code(), run.err());
    Path alone;
    try (Stream<Path> made = Files.list(dir.resolve("alone"))) {
      alone = made.filter(p -> Files.isRegularFile(p.resolve("metrics.csv"))).findFirst()
          .orElseThrow(() -> new AssertionError("./lab run wrote no result: " + run.out()));
    }
    assertEquals(read(runs.resolve(job.id()).resolve("metrics.csv")),
        read(alone.resolve("metrics.csv")));
    assertEquals(summary.get("parameters"),
        Json.read(alone.resolve("summary.json")).get("parameters"));
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
    assertTrue(md.contains("| optimizer.lr=50 | 0/2 [0.00, 0.66] | 2 |"), md);
  }

  /**
   * Resume trains a stack whose jobs were partly written whole again, writes only the missing
   * job, and gives it the very numbers of the uninterrupted run.
   */
  @Test
  void resumeRetrainsTheStackAndWritesOnlyTheMissingJob(@TempDir Path dir) throws IOException {
    Path file = SweepTestFiles.write(dir, "small", SMALL.replace("epochs: 300", "epochs: 60").replace("seeds: 5", "seeds: 4"));
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString())
        .code());
    Path sweepDir = dir.resolve("sweeps/small");
    List<String> before = SweepTestFiles.runsWithoutTrainTime(sweepDir);
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
    assertEquals(before, SweepTestFiles.runsWithoutTrainTime(sweepDir));
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
