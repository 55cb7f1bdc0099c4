package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a result: a crash between the two renames (simulated by stopping after the first)
 * is repaired by the next writer; temporary folders are removed only when their owner is gone;
 * files written in an in-progress folder arrive whole at its commit. (A single file replaced
 * whole: AtomicFilesTest.)
 */
class ResultsFolderTest {

  private static void result(Path dir, String text) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.json"), text);
  }

  @Test
  void aCommittedFolderHasTheFolderPermissionsEveryNewFolderGets(@TempDir Path root)
      throws Exception {
    Path target = root.resolve("xor");
    ResultsFolder folder = ResultsFolder.begin(target);
    AtomicFiles.writeString(folder.dir().resolve("summary.json"), "{}");
    folder.commit();
    // What the user's umask gives a new folder and file here (not the owner-only 700 and 600
    // of Files.createTempDirectory and createTempFile).
    Path plain = Files.createDirectory(root.resolve("plain"));
    Path plainFile = Files.createFile(root.resolve("plain.txt"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    assertEquals(Files.getPosixFilePermissions(plainFile),
        Files.getPosixFilePermissions(target.resolve("summary.json")));
  }

  @Test
  void aCrashBetweenTheRenamesIsRestoredByTheNextStart(@TempDir Path root) throws Exception {
    Path target = root.resolve("xor");
    result(target, "old");
    ResultsFolder folder = ResultsFolder.begin(target);
    Files.writeString(folder.dir().resolve("summary.json"), "new");
    folder.moveOldAside();
    // The process dies here: neither old nor new is at results/xor.
    assertFalse(Files.exists(target));
    assertEquals(List.of("xor"), ResultsFolder.recover(root));
    assertEquals("old", Files.readString(target.resolve("summary.json")));
    try (var s = Files.list(root.resolve(ResultsFolder.REPLACED))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void recoveryDropsTheAsideCopyWhenTheNewResultIsInPlace(@TempDir Path root) throws Exception {
    Path target = root.resolve("xor");
    result(target, "old");
    ResultsFolder folder = ResultsFolder.begin(target);
    Files.writeString(folder.dir().resolve("summary.json"), "new");
    Path aside = folder.moveOldAside();
    Files.move(folder.dir(), target); // the second rename done, the deletion not
    assertEquals(List.of(), ResultsFolder.recover(root));
    assertEquals("new", Files.readString(target.resolve("summary.json")));
    assertFalse(Files.exists(aside));
  }

  @Test
  void commitReplacesAndLeavesNothingBehind(@TempDir Path root) throws Exception {
    Path target = root.resolve("xor");
    result(target, "old");
    try (ResultsFolder folder = ResultsFolder.begin(target)) {
      Files.writeString(folder.dir().resolve("summary.json"), "new");
      folder.commit();
    }
    assertEquals("new", Files.readString(target.resolve("summary.json")));
    try (var s = Files.list(root.resolve(ResultsFolder.INCOMING))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void onlyTempFoldersOfGoneProcessesAreCleaned(@TempDir Path root) throws Exception {
    Path incoming = Files.createDirectories(root.resolve(ResultsFolder.INCOMING));
    Path dead = Files.createDirectories(incoming.resolve("p" + DeadProcess.pid() + "_xor-1"));
    Path live = Files.createDirectories(
        incoming.resolve("p" + ProcessHandle.current().pid() + "_xor-2"));
    Path unknown = Files.createDirectories(incoming.resolve("xor-3"));
    ResultsFolder.cleanStale(root);
    assertFalse(Files.exists(dead));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(unknown), "no owner in the name: not provably stale");
  }

  /**
   * An interrupted run's folder holding a checkpoint survives the cleaning of another command's
   * first write to the root (its --resume still finds it) and goes when a result of its own name
   * is committed; a gone process's folder without a checkpoint is cleaned as before.
   */
  @Test
  void anInterruptedRunsCheckpointOutlivesOtherCommandsUntilItsResultIsDone(@TempDir Path root)
      throws Exception {
    Path incoming = Files.createDirectories(root.resolve(ResultsFolder.INCOMING));
    long gone = DeadProcess.pid();
    Path interrupted = Files.createDirectories(incoming.resolve("p" + gone + "_xor-3hidden-17"));
    Files.writeString(interrupted.resolve(ResultsFolder.RESUMABLE), "{}");
    Path other = Files.createDirectories(incoming.resolve("p" + gone + "_xor-3hidden-2-18"));
    Files.writeString(other.resolve(ResultsFolder.RESUMABLE), "{}");
    Path plain = Files.createDirectories(incoming.resolve("p" + gone + "_xor-3hidden-19"));
    try (ResultsFolder f = ResultsFolder.begin(root.resolve("regression"))) {
      Files.writeString(f.dir().resolve("summary.json"), "{}");
      f.commit();
    }
    assertTrue(Files.exists(interrupted), "kept for its --resume");
    assertTrue(Files.exists(other));
    assertFalse(Files.exists(plain), "no checkpoint: cleaned");
    try (ResultsFolder f = ResultsFolder.begin(root.resolve("xor-3hidden"))) {
      Files.writeString(f.dir().resolve("summary.json"), "{}");
      f.commit();
    }
    assertFalse(Files.exists(interrupted), "its result is complete: the checkpoint goes");
    assertTrue(Files.exists(other), "another name's (xor-3hidden-2) stays");
    ResultsFolder.cleanStale(root);
    assertFalse(Files.exists(other), "an explicit cleaning (a sweep's runs/) takes all");
  }

  /**
   * --resume takes an interrupted run's folder, never one whose process is alive (the same run
   * still going elsewhere) or one of another name that begins like it (xor-2 for xor), even when
   * that one has gone further.
   */
  @Test
  void reopenLeavesALiveRunsFolderAlone(@TempDir Path root) throws Exception {
    Path incoming = Files.createDirectories(root.resolve(ResultsFolder.INCOMING));
    Path live = Files.createDirectories(
        incoming.resolve("p" + ProcessHandle.current().pid() + "_xor-5"));
    Path gone = Files.createDirectories(incoming.resolve("p" + DeadProcess.pid() + "_xor-6"));
    // Another result's (xor-2), further on: its name only begins like this one's.
    Path other = Files.createDirectories(incoming.resolve("p" + DeadProcess.pid() + "_xor-2-7"));
    java.util.Map<Path, Integer> epochs = java.util.Map.of(live, 900, gone, 300, other, 950);
    ResultsFolder f = ResultsFolder.reopen(root.resolve("xor"), d -> epochs.getOrDefault(
        d.toAbsolutePath(), epochs.getOrDefault(d, -1)));
    assertTrue(f != null && f.dir().getFileName().toString().endsWith("_xor-6"),
        "the interrupted run's folder: " + (f == null ? null : f.dir()));
    assertTrue(Files.exists(live), "the live run's folder untouched");
    f.close();
    assertTrue(Files.exists(f.dir()), "a reopened folder is kept when not committed");
  }

  @Test
  void parallelCommitsOfOneNameAlwaysLeaveAWholeResult(@TempDir Path root) throws Exception {
    Path target = root.resolve("job");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        fs.add(pool.submit(() -> {
          try (ResultsFolder f = ResultsFolder.begin(target)) {
            Files.writeString(f.dir().resolve("summary.json"), "run " + n);
            f.commit();
          }
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
    } finally {
      pool.shutdown();
    }
    assertTrue(Files.readString(target.resolve("summary.json")).startsWith("run "));
    try (var s = Files.list(root.resolve(ResultsFolder.REPLACED))) {
      assertEquals(0, s.count());
    }
  }


  /**
   * Files written inside an in-progress folder are deferred to its commit (no flush one by one);
   * committing several folders together moves each one into place whole.
   */
  @Test
  void stagedFoldersAreCommittedTogetherWhole(@TempDir Path root) throws Exception {
    List<ResultsFolder> folders = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      ResultsFolder f = ResultsFolder.begin(root.resolve("job" + k));
      folders.add(f);
      assertTrue(ResultsFolder.isStaged(f.dir()));
      Path sub = Files.createDirectories(f.dir().resolve("charts"));
      assertTrue(ResultsFolder.isStaged(sub));
      AtomicFiles.writeString(f.dir().resolve("summary.json"), "job " + k);
      AtomicFiles.writeString(sub.resolve("a.csv"), "1," + k);
      try (var s = Files.list(f.dir())) {
        assertEquals(List.of("charts", "summary.json"),
            s.map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
    assertFalse(ResultsFolder.isStaged(root));
    ResultsFolder dropped = ResultsFolder.begin(root.resolve("dropped"));
    Path droppedDir = dropped.dir();
    dropped.close();
    assertFalse(ResultsFolder.isStaged(droppedDir));

    ResultsFolder.commitAll(folders);
    for (int k = 0; k < 3; k++) {
      assertEquals("job " + k, Files.readString(root.resolve("job" + k + "/summary.json")));
      assertEquals("1," + k, Files.readString(root.resolve("job" + k + "/charts/a.csv")));
      assertFalse(ResultsFolder.isStaged(folders.get(k).dir()));
      folders.get(k).close(); // committed: nothing to delete
      assertTrue(Files.isDirectory(root.resolve("job" + k)));
    }
    try (var s = Files.list(root.resolve(ResultsFolder.INCOMING))) {
      assertEquals(0, s.count());
    }
    // Outside a folder being written, a write is the durable one (and leaves no temp file).
    AtomicFiles.writeString(root.resolve("runs.csv"), "x");
    try (var s = Files.list(root)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
  }
}
