package lab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.LabCli;
import lab.results.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./lab sweep --spark local[2]: the jobs run as Spark tasks in this JVM and come back to the
 * driver as bytes; every job's numbers equal the in-process runner's to the bit, stacked and one
 * by one, and --resume reruns exactly the missing jobs. Bad masters are one line, exit 2.
 */
class SparkSweepTest {

  @Test
  void localSparkGivesTheInProcessNumbersAndResumes(@TempDir Path dir) throws Exception {
    Path file = SparkTestFiles.write(dir, "xs", SparkTestFiles.xor("xs", 3, 300));
    Path inProcess = dir.resolve("in-process");
    Path spark = dir.resolve("spark");
    LabCli.Result a = LabCli.run("sweep", file.toString(), "--parallel", "2", "--results",
        inProcess.toString());
    assertEquals(0, a.code(), a.err());
    LabCli.Result b = LabCli.run("sweep", file.toString(), "--spark", "local[2]", "--results",
        spark.toString());
    assertEquals(0, b.code(), b.err() + b.out());
    assertTrue(b.out().contains("jobs go to Spark 4."), b.out());
    assertTrue(b.out().contains("stacked networks"), b.out());
    assertEquals(6, b.out().lines().filter(l -> l.startsWith("[")).count(), b.out());
    Path sa = inProcess.resolve("sweeps/xs");
    Path sb = spark.resolve("sweeps/xs");
    SparkTestFiles.assertSameNumbers(sa, sb);

    // A driver killed mid-sweep: one job never written, one left half-way; --resume on Spark
    // writes exactly those two, with the same numbers.
    List<String> jobs = SparkTestFiles.jobs(sb);
    ResultsFolder.deleteTree(sb.resolve("runs").resolve(jobs.get(1)));
    Files.delete(sb.resolve("runs").resolve(jobs.get(4)).resolve("summary.json"));
    String kept = Files.readString(sb.resolve("runs").resolve(jobs.get(0)).resolve("summary.json"));
    LabCli.Result c = LabCli.run("sweep", file.toString(), "--spark", "local[2]", "--resume",
        "--results", spark.toString());
    assertEquals(0, c.code(), c.err() + c.out());
    assertTrue(c.out().contains("4 already done, 2 to run"), c.out());
    List<String> written = c.out().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(2, written.size(), c.out());
    assertTrue(written.get(0).contains(jobs.get(1)) || written.get(1).contains(jobs.get(1)));
    assertEquals(kept, Files.readString(sb.resolve("runs").resolve(jobs.get(0))
        .resolve("summary.json")), "a finished job is not rewritten");
    SparkTestFiles.assertSameNumbers(sa, sb);
  }

  @Test
  void oneByOneOnSparkMatchesOneByOneInProcess(@TempDir Path dir) {
    Path file = SparkTestFiles.write(dir, "xo", SparkTestFiles.xor("xo", 2, 200));
    LabCli.Result a = LabCli.run("sweep", file.toString(), "--one-by-one", "--parallel", "1",
        "--results", dir.resolve("a").toString());
    assertEquals(0, a.code(), a.err());
    LabCli.Result b = LabCli.run("sweep", file.toString(), "--one-by-one", "--spark", "local[2]",
        "--results", dir.resolve("b").toString());
    assertEquals(0, b.code(), b.err() + b.out());
    SparkTestFiles.assertSameNumbers(dir.resolve("a/sweeps/xo"), dir.resolve("b/sweeps/xo"));
  }

  @Test
  void badMastersAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path file = SparkTestFiles.write(dir, "xb", SparkTestFiles.xor("xb", 1, 10));
    LabCli.Result bad = LabCli.run("sweep", file.toString(), "--spark", "sparky://x",
        "--results", dir.toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("sparky://x: not a Spark master URL; allowed: local[N]"),
        bad.err());

    int closed = LocalCluster.freePort(); // nothing listens there
    long t0 = System.nanoTime();
    LabCli.Result none = LabCli.run("sweep", file.toString(), "--spark",
        "spark://127.0.0.1:" + closed, "--results", dir.toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(2, none.code(), none.err());
    assertEquals(1, none.err().strip().lines().count(), none.err());
    assertTrue(none.err().contains("no Spark master answers there"), none.err());
    assertTrue(seconds < 10, "took " + seconds + " s");
    assertTrue(!Files.exists(dir.resolve("sweeps/xb/runs")) || SparkTestFiles.jobs(
        dir.resolve("sweeps/xb")).isEmpty(), "no job recorded");
  }
}
