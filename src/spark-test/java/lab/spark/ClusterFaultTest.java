package lab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lab.LabCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (./lab cluster start: Spark's Master and two
 * Workers, each a JVM of its own): a sweep runs on it, one worker is killed with SIGKILL once the
 * first job is back, and the sweep still completes, each job written once, every job's numbers
 * those of the in-process run. Runs in CI (it needs nothing but the build); never skipped.
 */
class ClusterFaultTest {

  @Test
  void aSweepSurvivesAKilledWorker(@TempDir Path dir) throws Exception {
    Path file = SparkTestFiles.write(dir, "xc", SparkTestFiles.xor("xc", 4, 600));
    Path reference = dir.resolve("in-process");
    LabCli.Result ref = LabCli.run("sweep", file.toString(), "--one-by-one", "--parallel", "2",
        "--results", reference.toString());
    assertEquals(0, ref.code(), ref.err());

    Path state = dir.resolve("cluster");
    int port = LocalCluster.freePort();
    LabCli.Result started = LabCli.run("cluster", "start", "--workers", "2", "--port",
        String.valueOf(port), "--memory", "1g", "--dir", state.toString());
    try {
      assertEquals(0, started.code(), started.err() + started.out());
      String url = "spark://127.0.0.1:" + port;
      assertTrue(started.out().strip().endsWith(url), started.out());
      for (String f : List.of("master.pid", "worker-1.pid", "worker-2.pid")) {
        assertTrue(LocalCluster.alive(state.resolve(f)).isPresent(), f + " names no live process");
      }

      Path results = dir.resolve("cluster-results");
      CompletableFuture<LabCli.Result> sweep = CompletableFuture.supplyAsync(() -> LabCli.run(
          "sweep", file.toString(), "--one-by-one", "--spark", url, "--results",
          results.toString()));
      Path runs = results.resolve("sweeps/xc/runs");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!firstJobBack(runs) && !sweep.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(firstJobBack(runs), "no job came back within 180 s");
      assertTrue(!sweep.isDone(), "the sweep ended before a worker could be killed");
      ProcessHandle worker = LocalCluster.alive(state.resolve("worker-1.pid")).orElseThrow();
      List<ProcessHandle> executors = worker.descendants().toList();
      worker.destroyForcibly(); // SIGKILL, as kill -9
      assertTrue(worker.onExit().get(10, TimeUnit.SECONDS) != null);

      LabCli.Result r = sweep.get(300, TimeUnit.SECONDS);
      assertEquals(0, r.code(), r.err() + r.out());
      List<String> written = r.out().lines().filter(l -> l.startsWith("[")).toList();
      assertEquals(8, written.size(), r.out());
      assertEquals(8, new HashSet<>(written.stream().map(l -> l.substring(l.indexOf(' ') + 1,
          l.indexOf(':'))).toList()).size(), "a job written twice: " + r.out());
      SparkTestFiles.assertSameNumbers(reference.resolve("sweeps/xc"), results.resolve(
          "sweeps/xc"));
      try (var left = Files.list(runs.resolve(".incoming"))) {
        assertEquals(List.of(), left.toList(), "temporary folders left");
      }
      executors.forEach(ProcessHandle::destroyForcibly);
    } finally {
      LabCli.Result stopped = LabCli.run("cluster", "stop", "--dir", state.toString());
      assertEquals(0, stopped.code(), stopped.err());
    }
    assertTrue(LocalCluster.alive(state.resolve("master.pid")).isEmpty());
  }

  private static boolean firstJobBack(Path runs) {
    if (!Files.isDirectory(runs)) return false;
    try (var s = Files.list(runs)) {
      return s.anyMatch(p -> !p.getFileName().toString().startsWith("."));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
