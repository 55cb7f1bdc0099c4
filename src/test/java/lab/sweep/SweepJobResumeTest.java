package lab.sweep;

import lab.LabCli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.CheckpointWait;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with kill -9 while a long job trains (after the job's checkpoint) continues that
 * job from its checkpoint on --resume, and the job's metrics.csv and model.zip are byte-identical
 * to those of the sweep never interrupted.
 */
class SweepJobResumeTest {

  /**
   * noisy XOR is trained job by job (minibatches of 2): a job writes a checkpoint every 8 epochs
   * (epochs / 20), and goes on long after the one the test waits for (training does not wait for
   * its checkpoints).
   */
  private static final String LONG = """
      name: long
      base: noisy-xor-mlp
      set: {epochs: 160, record_every: 5, log_every: 0, data.n: 100}
      grid:
        optimizer.lr: [0.015]
      seeds: [0]
      success: {valid_accuracy: 0.9}
      """;

  @Test
  void aKilledJobContinuesFromItsCheckpoint(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "long", LONG);
    Path whole = dir.resolve("whole");
    SweepTestFiles.Outcome w = SweepTestFiles.lab("sweep", file.toString(), "--parallel", "1",
        "--results", whole.toString());
    assertEquals(0, w.code(), w.err());

    Path cut = dir.resolve("cut");
    Files.createDirectories(cut);
    Process victim = start(file, cut);
    int epoch = CheckpointWait.atLeast(cut.resolve("sweeps/long/runs/.incoming"), 20, victim, 5);
    Process kill = new ProcessBuilder("kill", "-9", String.valueOf(victim.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, victim.exitValue(), "killed by SIGKILL");

    SweepTestFiles.Outcome r = SweepTestFiles.lab("sweep", file.toString(), "--resume",
        "--parallel", "1", "--results", cut.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(resumed from its checkpoint after epoch "), r.out());
    Sweep sweep = SweepLoader.load(whole.resolve("sweeps/long/sweep.yaml"));
    for (Job job : sweep.jobs()) {
      for (String f : List.of("metrics.csv", "model.zip")) {
        assertArrayEquals(Files.readAllBytes(whole.resolve("sweeps/long/runs")
            .resolve(job.id()).resolve(f)), Files.readAllBytes(cut.resolve("sweeps/long/runs")
            .resolve(job.id()).resolve(f)), job.id() + ": " + f);
      }
    }
    List<Integer> resumedFrom = new ArrayList<>();
    for (Job job : sweep.jobs()) {
      Map<String, Object> s = Json.read(cut.resolve("sweeps/long/runs").resolve(job.id())
          .resolve("summary.json"));
      if (s.get("resumed_from_epoch") instanceof Number n) resumedFrom.add(n.intValue());
    }
    assertEquals(1, resumedFrom.size(), "one job was resumed: " + resumedFrom);
    assertTrue(resumedFrom.get(0) >= epoch && resumedFrom.get(0) < 160, resumedFrom
        + " after a checkpoint at " + epoch);
    assertFalse(Files.exists(cut.resolve("sweeps/long/runs").resolve(SweepRunner.SHELF)),
        "nothing left set aside");
  }

  /**
   * A killed job whose checkpoint was damaged afterwards (its model zip cut in half): --resume
   * says so in one line naming the file, trains the job again from its first epoch, and ends with
   * the results of the sweep never interrupted.
   */
  @Test
  void aDamagedJobCheckpointIsNamedAndTheJobStartsAgain(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "long", LONG);
    Path cut = dir.resolve("cut");
    Files.createDirectories(cut);
    Process victim = start(file, cut);
    Path incoming = cut.resolve("sweeps/long/runs/.incoming");
    CheckpointWait.atLeast(incoming, 20, victim, 5);
    assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(victim.pid())).start()
        .waitFor());
    assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
    Path folder;
    try (var s = Files.list(incoming)) {
      folder = s.filter(d -> Files.isRegularFile(d.resolve("checkpoint.json"))).findFirst()
          .orElseThrow();
    }
    Path model = folder.resolve((String) Json.read(folder.resolve("checkpoint.json"))
        .get("model"));
    byte[] zip = Files.readAllBytes(model);
    Files.write(model, java.util.Arrays.copyOf(zip, zip.length / 2));

    SweepTestFiles.Outcome r = SweepTestFiles.lab("sweep", file.toString(), "--resume",
        "--parallel", "1", "--results", cut.toString());
    assertEquals(0, r.code(), r.err());
    List<String> notes = r.out().lines().filter(l -> l.startsWith("note: job ")).toList();
    assertEquals(1, notes.size(), r.out());
    assertTrue(notes.get(0).contains(": not a readable model zip (")
        && notes.get(0).endsWith("; its checkpoint cannot be resumed from, so the job starts"
        + " again from its first epoch"), notes.get(0));
    assertFalse(r.out().contains("(resumed from its checkpoint"), r.out());
    Path whole = dir.resolve("whole");
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--parallel", "1",
        "--results", whole.toString()).code());
    for (Job job : SweepLoader.load(whole.resolve("sweeps/long/sweep.yaml")).jobs()) {
      Path done = cut.resolve("sweeps/long/runs").resolve(job.id());
      assertArrayEquals(Files.readAllBytes(whole.resolve("sweeps/long/runs").resolve(job.id())
          .resolve("model.zip")), Files.readAllBytes(done.resolve("model.zip")), job.id());
      assertFalse(Json.read(done.resolve("summary.json")).containsKey("resumed_from_epoch"));
    }
  }

  private static Process start(Path sweepFile, Path results) throws IOException {
    // Every checkpoint due written: which ones exist must not depend on the machine's speed.
    List<String> cmd = LabCli.childJvm("-Dlab.checkpoint.wait=true");
    cmd.addAll(List.of("sweep", sweepFile.toString(), "--parallel", "1", "--results",
        results.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(results.resolve("child.out").toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }
}
