package lab.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lab.mnist.MnistFiles;
import lab.net.Engines;
import lab.sweep.Sweep;
import lab.sweep.SweepLoader;
import lab.sweep.SweepRunner;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The executor's end of a sweep task: prepares the engine before ND4J loads in this JVM (as
 * ./lab does), resolves the sweep from its sweep.yaml text (once per JVM), installs the shipped
 * MNIST files after checking them, and trains its unit with SweepRunner.trainUnit, which returns
 * the jobs' folders as bytes.
 */
final class UnitTask
    extends AbstractFunction2<TaskContext, Iterator<SweepRunner.Unit>,
        ArrayList<SweepRunner.JobFiles>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Sweep> SWEEPS = new ConcurrentHashMap<>();
  private static volatile boolean dataReady;
  private static volatile boolean started;

  private final String sweepYaml;
  private final String source;
  private final String name;
  private final boolean stock;
  private final boolean shippedMnist;
  private final String gitCommit;

  UnitTask(String sweepYaml, String source, String name, boolean stock, boolean shippedMnist,
      String gitCommit) {
    this.gitCommit = gitCommit;
    this.sweepYaml = sweepYaml;
    this.source = source;
    this.name = name;
    this.stock = stock;
    this.shippedMnist = shippedMnist;
  }

  @Override
  public ArrayList<SweepRunner.JobFiles> apply(TaskContext context,
      Iterator<SweepRunner.Unit> units) {
    if (!started) {
      started = true;
      System.err.printf("lab: first task %.2f s after this JVM started%n", sinceStart());
    }
    Engines.prepareProcess(stock);
    // The provenance names the code the driver runs: an executor has no checkout of its own.
    System.setProperty("lab.git.commit", gitCommit);
    if (shippedMnist) useShippedMnist();
    Sweep sweep = SWEEPS.computeIfAbsent(sweepYaml, this::resolve);
    ArrayList<SweepRunner.JobFiles> out = new ArrayList<>();
    PrintStream log = System.err;
    while (units.hasNext()) out.addAll(SweepRunner.trainUnit(sweep, units.next(), log));
    return out;
  }

  private static double sinceStart() {
    return (System.currentTimeMillis()
        - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
  }

  private Sweep resolve(String yaml) {
    try {
      Object tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
      return SweepLoader.resolve(source, tree, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The MNIST files the driver added (SparkContext.addFile) are fetched by Spark into this
   * executor's own folder before the task runs; they are checked (size, header, SHA-256) once
   * and then read from there, never from a shared folder.
   */
  private static synchronized void useShippedMnist() {
    if (dataReady) return;
    Path dir = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath();
    long t0 = System.nanoTime();
    MnistFiles.check(dir);
    System.setProperty("lab.mnist.cache", dir.toString());
    long bytes = 0;
    for (var f : MnistFiles.PINNED) bytes += dir.resolve(f.name()).toFile().length();
    // Measured for docs/spark.md: when the files were there (Spark fetches them before the first
    // task) and how long the check took.
    System.err.printf("lab: MNIST files (%d bytes) received in %s %.2f s after this JVM started,"
        + " checked in %.2f s%n", bytes, dir, sinceStart(), (System.nanoTime() - t0) / 1e9);
    dataReady = true;
  }
}
