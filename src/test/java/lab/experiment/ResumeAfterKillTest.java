package lab.experiment;

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
import java.util.stream.Stream;
import lab.CheckpointWait;
import lab.core.UserError;
import lab.mnist.MnistFiles;
import lab.results.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL (kill -9) in a child process after a checkpoint, then resumed with
 * ./lab run --resume in another, gives the bytes of metrics.csv and model.zip of a run never
 * interrupted (a third child).
 */
class ResumeAfterKillTest {

  @Test
  void anXorRunKilledAndResumedEqualsOneNeverInterrupted(@TempDir Path tmp) throws Exception {
    // Adam (its moments must come back) and record_every not dividing the checkpoint interval.
    // 3,000 epochs (a checkpoint every 150): the run goes on for a while after the one at 300,
    // as training does not wait for its checkpoints.
    List<String> args = List.of("run", "xor-3hidden", "--name", "xor-3hidden", "--set",
        "epochs=3000", "--set", "record_every=35", "--set", "log_every=0");
    killResumeAndCompare(tmp, args, "xor-3hidden", 300, "-9");
  }

  @Test
  void anInterruptedRunSaysHowToGoOnAndThatCommandResumesIt(@TempDir Path tmp) throws Exception {
    // SIGTERM ends the JVM through its shutdown hooks, as Ctrl-C's SIGINT does.
    List<String> args = List.of("run", "xor-3hidden", "--set", "epochs=3000", "--set",
        "record_every=35", "--set", "log_every=0");
    killResumeAndCompare(tmp, args, "xor-3hidden@epochs=3000,log_every=0,record_every=35", 300,
        "-15");
  }

  @Test
  void anMnistRunWithDropoutKilledAndResumedEqualsOneNeverInterrupted(@TempDir Path tmp)
      throws Exception {
    try {
      MnistFiles.check(MnistFiles.cacheDir());
    } catch (UserError e) {
      Assumptions.abort("MNIST cache not present or not valid (" + e.getMessage() + ")");
    }
    // mnist-modern drops units with ND4J's generator: its state must come back too. Epochs long
    // enough (10,000 images) that the run is still going when its first checkpoint is seen:
    // training does not wait for its checkpoints.
    List<String> args = List.of("run", "mnist-modern", "--name", "mnist-modern", "--set",
        "data.train_limit=10000", "--set", "epochs=6", "--set", "model.hidden=[32,16]");
    killResumeAndCompare(tmp, args, "mnist-modern", 1, "-9");
  }

  /**
   * A run killed after its training, while it writes its result (summary.json is written, the
   * evaluation and the charts are not yet), keeps its last checkpoint: --resume continues from it
   * and ends with the uninterrupted run's bytes. (The checkpoints used to be deleted as soon as
   * training ended.) The kill must land in that half second; when the run was done first, it is
   * tried again, at most three times.
   */
  @Test
  void aRunKilledWhileWritingItsResultResumesFromItsCheckpoint(@TempDir Path tmp)
      throws Exception {
    try {
      MnistFiles.check(MnistFiles.cacheDir());
    } catch (UserError e) {
      Assumptions.abort("MNIST cache not present or not valid (" + e.getMessage() + ")");
    }
    // Long enough for a checkpoint to be complete before the end (the first one, with its
    // serializer's first use, takes a few of these epochs of 10,000 images).
    List<String> args = List.of("run", "mnist-ch11", "--name", "m", "--set",
        "data.train_limit=10000", "--set", "epochs=8");
    Path whole = tmp.resolve("whole");
    assertEquals(0, finish(start(args, whole), whole), "uninterrupted run");
    for (int attempt = 1; ; attempt++) {
      Path cut = tmp.resolve("cut" + attempt);
      Process victim = start(args, cut);
      Path incoming = cut.resolve(".incoming");
      boolean killed = false;
      while (victim.isAlive() && !killed) {
        try (Stream<Path> s = Files.isDirectory(incoming) ? Files.list(incoming)
            : Stream.empty()) {
          if (s.anyMatch(d -> Files.isRegularFile(d.resolve("summary.json")))) {
            victim.destroyForcibly();
            killed = true;
          }
        }
        Thread.sleep(2);
      }
      assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
      if (!killed || Files.exists(cut.resolve("m"))) {
        assertTrue(attempt < 3, "the run finished before the kill, three times");
        continue;
      }
      Path folder;
      try (Stream<Path> s = Files.list(incoming)) {
        folder = s.filter(Files::isDirectory).findFirst().orElseThrow();
      }
      assertTrue(Files.isRegularFile(folder.resolve("summary.json")));
      assertTrue(Files.isRegularFile(folder.resolve("checkpoint.json")),
          "the checkpoint is kept until the result is complete");
      List<String> again = new ArrayList<>(args);
      again.add("--resume");
      assertEquals(0, finish(start(again, cut), cut), "resumed run");
      String out = Files.readString(cut.resolve("child.out"));
      assertTrue(out.contains("resumed from the checkpoint after epoch "), out);
      for (String f : List.of("metrics.csv", "model.zip", "evaluation.json")) {
        assertArrayEquals(Files.readAllBytes(whole.resolve("m").resolve(f)),
            Files.readAllBytes(cut.resolve("m").resolve(f)), f);
      }
      try (Stream<Path> files = Files.list(cut.resolve("m"))) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("checkpoint")),
            "no checkpoint files left in the result");
      }
      return;
    }
  }

  /**
   * A damaged checkpoint (unreadable JSON, an epoch out of range, a truncated or garbage model
   * zip, a file it names missing) is refused by --resume in one line naming the file, exit 2,
   * before anything trains, and the in-progress folder is left as it was; the intact checkpoint
   * then resumes.
   */
  @Test
  void aDamagedCheckpointIsRefusedAndKept(@TempDir Path tmp) throws Exception {
    List<String> args = List.of("run", "xor-3hidden", "--name", "x", "--set", "epochs=3000",
        "--set", "log_every=0");
    Path cut = tmp.resolve("cut");
    Process victim = start(args, cut);
    CheckpointWait.atLeast(cut.resolve(".incoming"), 300, victim, 10);
    victim.destroyForcibly();
    assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
    Path folder;
    try (Stream<Path> s = Files.list(cut.resolve(".incoming"))) {
      folder = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    // The checkpoint's files are complete: the JSON is renamed into place last.
    Map<String, Object> json = Json.read(folder.resolve("checkpoint.json"));
    String model = (String) json.get("model");
    Map<String, java.util.function.Consumer<Path>> damages = new java.util.LinkedHashMap<>();
    damages.put("not valid JSON", d -> write(d.resolve("checkpoint.json"), "{\"epoch\": 3"));
    damages.put("epoch: 99999 is not allowed; allowed: a whole number from 1 to 3000",
        d -> Json.write(d.resolve("checkpoint.json"), with(json, "epoch", 99999)));
    damages.put("epoch: -5 is not allowed",
        d -> Json.write(d.resolve("checkpoint.json"), with(json, "epoch", -5)));
    damages.put("model: ../x.zip names no file",
        d -> Json.write(d.resolve("checkpoint.json"), with(json, "model", "../x.zip")));
    damages.put(model + ": not a readable model zip", d -> truncate(d.resolve(model)));
    damages.put(model + ": not a readable model zip ", d -> write(d.resolve(model), "garbage"));
    damages.put("metrics: " + json.get("metrics") + " names no file",
        d -> delete(d.resolve((String) json.get("metrics"))));
    String rows = (String) json.get("metrics");
    int epoch = ((Number) json.get("epoch")).intValue();
    // The audit's cases: only the header (the resumed run crashed and its folder was deleted),
    // a word for a header, rows cut short (resumed without a word, the history lost).
    damages.put(rows + ": rows of no epoch where a checkpoint after epoch " + epoch,
        d -> write(d.resolve(rows), "epoch,train_loss,train_accuracy\n"));
    damages.put(rows + ":1: 'garbage' is not a metrics header",
        d -> write(d.resolve(rows), "garbage\n"));
    damages.put(rows + ": rows of 9 epochs (0 to 80) where a checkpoint after epoch " + epoch
        + " has rows of " + (epoch / 10 + 1) + " epochs (0 to " + epoch + ")", // record_every 10
        d -> write(d.resolve(rows), firstLines(d.resolve(rows), 10)));
    int k = 0;
    for (var damage : damages.entrySet()) {
      Path results = tmp.resolve("damaged-" + k++);
      Path copy = results.resolve(".incoming").resolve(folder.getFileName());
      copyTree(folder, copy);
      damage.getValue().accept(copy);
      Map<String, Integer> before = sizes(copy);
      List<String> again = new ArrayList<>(args);
      again.addAll(List.of("--results", results.toString(), "--resume"));
      LabCli.Result r = LabCli.run(again.toArray(String[]::new));
      assertEquals(2, r.code(), damage.getKey() + ": " + r.out() + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(damage.getKey().strip()) && r.err().contains(
          "this checkpoint cannot be resumed from: start over without --resume, or remove "
          + copy.toAbsolutePath()), damage.getKey() + ": " + r.err());
      assertFalse(r.out().contains("Epoch"), r.out());
      assertEquals(before, sizes(copy), "the damaged checkpoint is left as it was");
    }
    Path results = tmp.resolve("intact");
    copyTree(folder, results.resolve(".incoming").resolve(folder.getFileName()));
    List<String> again = new ArrayList<>(args);
    again.addAll(List.of("--results", results.toString(), "--resume"));
    LabCli.Result r = LabCli.run(again.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("resumed from the checkpoint after epoch "), r.out());
  }

  private static String firstLines(Path f, int n) {
    try {
      return String.join("\n", Files.readAllLines(f).subList(0, n)) + "\n";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(m);
    out.put(key, value);
    return out;
  }

  private static void write(Path f, String text) {
    try {
      Files.writeString(f, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void truncate(Path f) {
    try {
      byte[] b = Files.readAllBytes(f);
      Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path f) {
    try {
      Files.delete(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
  }

  /** Each file's name and a hash of its bytes. */
  private static Map<String, Integer> sizes(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      Map<String, Integer> out = new java.util.TreeMap<>();
      for (Path f : s.toList()) {
        out.put(f.getFileName().toString(), java.util.Arrays.hashCode(Files.readAllBytes(f)));
      }
      return out;
    }
  }

  private static void killResumeAndCompare(Path tmp, List<String> args, String name,
      int killAfterEpoch, String signal) throws Exception {
    Path whole = tmp.resolve("whole");
    Path cut = tmp.resolve("cut");
    Process p = start(args, whole);
    assertEquals(0, finish(p, whole), "uninterrupted run");
    assertFalse(Files.readString(whole.resolve("child.out")).contains("interrupted"));

    Process victim = start(args, cut);
    int epoch = CheckpointWait.atLeast(cut.resolve(".incoming"), killAfterEpoch, victim, 10);
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(victim.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
    assertEquals(signal.equals("-9") ? 137 : 143, victim.exitValue(), "killed by " + signal);
    assertFalse(Files.exists(cut.resolve(name)), "the run was cut before it finished");
    assertTrue(epoch >= killAfterEpoch);

    List<String> again = new ArrayList<>(args);
    again.addAll(List.of("--results", cut.toString(), "--resume"));
    if (!signal.equals("-9")) {
      // The line it printed names the checkpoints' place and the command that goes on.
      String said = Files.readString(cut.resolve("child.out"));
      String prefix = "continue with: ./lab ";
      int at = said.indexOf(prefix);
      assertTrue(said.contains("interrupted: the run's last checkpoint, if any, is kept in "
          + cut.resolve(".incoming")), said);
      assertTrue(at >= 0, said);
      String line = said.substring(at + prefix.length()).lines().findFirst().orElseThrow();
      again = new ArrayList<>(List.of(line.split(" ")));
      assertEquals(List.of("--results", cut.toString(), "--resume"),
          again.subList(again.size() - 3, again.size()), line);
    }
    again = new ArrayList<>(again.subList(0, again.size() - 3));
    again.add("--resume");
    Process resumed = start(again, cut);
    assertEquals(0, finish(resumed, cut), "resumed run");
    String out = Files.readString(cut.resolve("child.out"));
    assertTrue(out.contains("resumed from the checkpoint after epoch "), out);

    for (String f : List.of("metrics.csv", "model.zip")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(name).resolve(f)),
          Files.readAllBytes(cut.resolve(name).resolve(f)), f);
    }
    Map<String, Object> summary = Json.read(cut.resolve(name).resolve("summary.json"));
    assertTrue(((Number) summary.get("resumed_from_epoch")).intValue() >= killAfterEpoch);
    try (Stream<Path> files = Files.list(cut.resolve(name))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("checkpoint")),
          "no checkpoint files left in the result");
    }
  }

  private static Process start(List<String> args, Path results) throws IOException {
    Files.createDirectories(results);
    // Every checkpoint due written: which ones exist must not depend on the machine's speed.
    List<String> cmd = LabCli.childJvm("-Dlab.checkpoint.wait=true");
    cmd.addAll(args);
    cmd.add("--results");
    cmd.add(results.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(results.resolve("child.out").toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }

  private static int finish(Process p, Path results) throws Exception {
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "child run timed out");
    if (p.exitValue() != 0) System.err.println(Files.readString(results.resolve("child.out")));
    return p.exitValue();
  }
}
