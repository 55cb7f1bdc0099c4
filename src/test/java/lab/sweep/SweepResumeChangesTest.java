package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --resume after changes: resolved specs are compared (a key an older version did not write
 * takes its default), grown seeds run only the new seeds, the stacking mode is kept, and jobs
 * computed by different commits are flagged in summary.md.
 */
class SweepResumeChangesTest {

  private static SweepTestFiles.Outcome sweep(Path dir, Path file, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "sweep";
    args[1] = file.toString();
    args[2] = "--results";
    args[3] = dir.toString();
    System.arraycopy(more, 0, args, 4, more.length);
    return SweepTestFiles.lab(args);
  }

  @Test
  void aKeyTheStoredSweepLacksTakesItsDefault(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    assertEquals(0, sweep(dir, file).code());
    // As an older version wrote it: without data.repeat and optimizer.epsilon (defaults now).
    Path yaml = dir.resolve("sweeps/tiny/sweep.yaml");
    String text = Files.readString(yaml);
    String older = text.replaceAll("(?m)^  data:\\n    repeat: 1\\n", "")
        .replaceAll("(?m)^    epsilon: .*\\n", "");
    assertFalse(older.equals(text), "the test removes keys");
    Files.writeString(yaml, older);
    SweepTestFiles.Outcome o = sweep(dir, file, "--resume");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("4 already done, 0 to run"), o.out());
  }

  @Test
  void grownSeedsRunOnlyTheNewSeeds(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY.replace("seeds: 2",
        "seeds: 1"));
    assertEquals(0, sweep(dir, file, "--one-by-one").code());
    Path runs = dir.resolve("sweeps/tiny/runs");
    // Seed 0 of the second point: job 1 of 2, job 2 of 4 once there are two seeds.
    String adamSeed0 = Files.readString(runs.resolve("0001-optimizer.name=adam,seed=0")
        .resolve("summary.json"));
    SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    SweepTestFiles.Outcome o = sweep(dir, file, "--resume", "--one-by-one");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("seeds: 1 -> 2: running the 1 new seeds"), o.out());
    assertTrue(o.out().contains("2 already done, 2 to run"), o.out());
    assertEquals(adamSeed0, Files.readString(runs.resolve("0002-optimizer.name=adam,seed=0")
        .resolve("summary.json")), "a finished job is kept, not recomputed");
    assertFalse(Files.exists(runs.resolve("0001-optimizer.name=adam,seed=0")));
    // The same rows as the sweep run with two seeds from the start.
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    Path file2 = SweepTestFiles.write(fresh, "tiny", SweepTestFiles.TINY);
    assertEquals(0, sweep(fresh, file2, "--one-by-one").code());
    assertEquals(withoutCommit(SweepTestFiles.runsWithoutTrainTime(fresh.resolve("sweeps/tiny"))),
        withoutCommit(SweepTestFiles.runsWithoutTrainTime(dir.resolve("sweeps/tiny"))));
    // Dropping a seed is refused, naming it.
    SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY.replace("seeds: 2", "seeds: [1]"));
    SweepTestFiles.Outcome drop = sweep(dir, file, "--resume");
    assertEquals(2, drop.code());
    assertTrue(drop.err().contains("seeds: [0] in sweep.yaml but not now"), drop.err());
  }

  private static List<String> withoutCommit(List<String> rows) {
    // git_commit is the last column once train_seconds is gone; it may gain -dirty meanwhile.
    return rows.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
  }

  @Test
  void theRecordedStackingModeIsKept(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    assertEquals(0, sweep(dir, file, "--one-by-one").code());
    Path sweepDir = dir.resolve("sweeps/tiny");
    assertTrue(Files.readString(sweepDir.resolve("sweep.yaml")).contains("stacking: one-by-one"));
    Sweep s = SweepLoader.load(file);
    Files.delete(sweepDir.resolve("runs").resolve(s.jobs().get(3).id()).resolve("summary.json"));
    SweepTestFiles.Outcome o = sweep(dir, file, "--resume");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("resuming one-by-one, the mode sweep.yaml records"), o.out());
    for (String row : Files.readAllLines(sweepDir.resolve("runs.csv")).subList(1, 5)) {
      List<String> c = SweepTestFiles.cells(row);
      assertEquals("1", c.get(c.size() - 3), row); // stacked_networks
    }
    // A stacked sweep resumed with --one-by-one is refused rather than mixed.
    Path other = Files.createDirectories(dir.resolve("other"));
    Path file2 = SweepTestFiles.write(other, "tiny", SweepTestFiles.TINY);
    assertEquals(0, sweep(other, file2).code());
    SweepTestFiles.Outcome mixed = sweep(other, file2, "--resume", "--one-by-one");
    assertEquals(2, mixed.code());
    assertTrue(mixed.err().contains("records stacking: stacked"), mixed.err());
  }

  @Test
  @SuppressWarnings("unchecked")
  void jobsOfDifferentCommitsAreFlagged(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    assertEquals(0, sweep(dir, file).code());
    Path sweepDir = dir.resolve("sweeps/tiny");
    assertFalse(Files.readString(sweepDir.resolve("summary.md")).contains("WARNING"));
    Sweep s = SweepLoader.load(file);
    Path job = sweepDir.resolve("runs").resolve(s.jobs().get(2).id()).resolve("summary.json");
    Map<String, Object> summary = Json.read(job);
    ((Map<String, Object>) summary.get("provenance")).put("git_commit", "0123abc");
    Json.write(job, summary);
    assertEquals(0, sweep(dir, file, "--resume").code());
    String md = Files.readString(sweepDir.resolve("summary.md"));
    assertTrue(md.contains("WARNING: jobs computed by 2 different commits"), md);
    assertTrue(md.contains("0123abc: 1 jobs (" + s.jobs().get(2).id() + ")"), md);
    assertTrue(Files.readString(sweepDir.resolve("runs.csv")).contains(",0123abc,"));
  }
}
