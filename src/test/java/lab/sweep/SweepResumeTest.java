package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted sweep: one job folder left without summary.json (killed while being written
 * by an older writer, or by hand), one job still in the writer's .incoming folder. --resume must
 * rerun exactly those two and leave the finished ones untouched.
 */
class SweepResumeTest {

  @Test
  void resumeRerunsExactlyTheUnfinishedJobs(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--parallel", "2",
        "--results", dir.toString()).code());
    Path sweepDir = dir.resolve("sweeps/tiny");
    List<String> before = SweepTestFiles.runsWithoutTrainTime(sweepDir);
    Sweep sweep = SweepLoader.load(sweepDir.resolve("sweep.yaml"));
    Path runs = sweepDir.resolve("runs");
    List<Path> jobs = sweep.jobs().stream().map(j -> runs.resolve(j.id())).toList();

    // Job 1: half-written (no summary.json). Job 3: moved back into the temp folder of a writer
    // process that is gone. A temp folder of a live process (this one) must stay.
    Files.delete(jobs.get(1).resolve("summary.json"));
    Files.createDirectories(runs.resolve(".incoming"));
    long dead = lab.results.DeadProcess.pid();
    Files.move(jobs.get(3), runs.resolve(".incoming")
        .resolve("p" + dead + "_" + jobs.get(3).getFileName() + "-x"));
    Path live = Files.createDirectories(runs.resolve(".incoming")
        .resolve("p" + ProcessHandle.current().pid() + "_other-writer-1"));
    String summary0 = Files.readString(jobs.get(0).resolve("summary.json"));
    String summary2 = Files.readString(jobs.get(2).resolve("summary.json"));

    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--resume",
        "--parallel", "2", "--results", dir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("2 already done, 2 to run"), o.out());
    List<String> rerun = o.out().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(2, rerun.size(), o.out());
    assertTrue(rerun.stream().anyMatch(l -> l.contains(jobs.get(1).getFileName().toString())));
    assertTrue(rerun.stream().anyMatch(l -> l.contains(jobs.get(3).getFileName().toString())));
    // The finished jobs were not recomputed: their summaries (with the time they ran) are as
    // they were; the rerun ones are complete again and give the same numbers.
    assertEquals(summary0, Files.readString(jobs.get(0).resolve("summary.json")));
    assertEquals(summary2, Files.readString(jobs.get(2).resolve("summary.json")));
    for (Path job : jobs) assertTrue(Files.isRegularFile(job.resolve("summary.json")), job.toString());
    try (var left = Files.list(runs.resolve(".incoming"))) {
      assertEquals(List.of(live), left.toList(), "only the live writer's temp folder is left");
    }
    assertEquals(before, SweepTestFiles.runsWithoutTrainTime(sweepDir));
  }

  @Test
  void resumeRefusesAChangedSweep(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY.replace("seeds: 2", "seeds: 1"));
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString())
        .code());
    SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY.replace("epochs: 40", "epochs: 30"));
    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--resume",
        "--results", dir.toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("sweep.yaml: the sweep " + file + " resolves to differs"), o.err());
    assertTrue(o.err().contains("epochs: 40 in sweep.yaml, 30 now"), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
  }
}
