package lab.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The executor's end of a sweep task: prepares the engine before ND4J loads in this JVM (as
 * ./lab does), resolves the sweep from its sweep.yaml text (once per JVM), installs the shipped
 * MNIST files (added files, or a broadcast of their bytes written to this executor's folder) after
 * checking them, and trains its unit with SweepRunner.trainUnit, which returns the jobs' folders
 * as bytes.
 */
final class UnitTask
    extends AbstractFunction2<TaskContext, Iterator<SweepRunner.Unit>,
        ArrayList<SweepRunner.JobFiles>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Sweep> SWEEPS = new ConcurrentHashMap<>();
  /** The folder this JVM's MNIST data was installed in, for the application that shipped it. */
  private static String dataReady;
  private static volatile boolean started;

  private final String sweepYaml;
  private final String source;
  private final String name;
  private final boolean stock;
  private final boolean shippedMnist;
  private final Broadcast<MnistBytes> broadcastMnist;
  private final String gitCommit;

  /**
   * {@code shippedMnist}: the MNIST files were added to the application (SparkContext.addFile);
   * {@code broadcastMnist}: else their bytes, or null when no MNIST is shipped.
   */
  UnitTask(String sweepYaml, String source, String name, boolean stock, boolean shippedMnist,
      Broadcast<MnistBytes> broadcastMnist, String gitCommit) {
    this.gitCommit = gitCommit;
    this.sweepYaml = sweepYaml;
    this.source = source;
    this.name = name;
    this.stock = stock;
    this.shippedMnist = shippedMnist;
    this.broadcastMnist = broadcastMnist;
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
    if (broadcastMnist != null) useBroadcastMnist(broadcastMnist);
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
    Path dir = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath();
    if (dir.toString().equals(dataReady)) return;
    long t0 = System.nanoTime();
    MnistFiles.check(dir);
    System.setProperty("lab.mnist.cache", dir.toString());
    long bytes = 0;
    for (var f : MnistFiles.PINNED) bytes += dir.resolve(f.name()).toFile().length();
    // Measured for docs/spark.md: when the files were there (Spark fetches them before the first
    // task) and how long the check took.
    System.err.printf("lab: MNIST files (%d bytes) received in %s %.2f s after this JVM started,"
        + " checked in %.2f s%n", bytes, dir, sinceStart(), (System.nanoTime() - t0) / 1e9);
    dataReady = dir.toString();
  }

  /**
   * The bytes of the four MNIST files, broadcast by the driver: fetched from the driver (or other
   * executors) on first use in this JVM, written into this executor's own folder, checked there
   * like any cache (size, header, SHA-256), and read from there by the unchanged reader.
   */
  private static synchronized void useBroadcastMnist(Broadcast<MnistBytes> broadcast) {
    Path dir = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath()
        .resolve("mnist-broadcast-" + broadcast.id());
    if (dir.toString().equals(dataReady)) return;
    long t0 = System.nanoTime();
    MnistBytes data = broadcast.value();
    double received = sinceStart();
    long t1 = System.nanoTime();
    long bytes = data.write(dir);
    MnistFiles.check(dir);
    System.setProperty("lab.mnist.cache", dir.toString());
    // Measured for docs/spark.md, as for the added files.
    System.err.printf("lab: MNIST broadcast (%d bytes) received %.2f s after this JVM started"
        + " (in %.2f s), written to %s and checked in %.2f s, ready %.2f s after this JVM"
        + " started%n", bytes, received, (t1 - t0) / 1e9, dir, (System.nanoTime() - t1) / 1e9,
        sinceStart());
    dataReady = dir.toString();
  }

  /** The four MNIST files' names and bytes, as the driver read them from its checked cache. */
  static final class MnistBytes implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] names;
    private final byte[][] contents;

    private MnistBytes(String[] names, byte[][] contents) {
      this.names = names;
      this.contents = contents;
    }

    /** The pinned files of {@code dir}, which MnistFetcher.ensure has checked. */
    static MnistBytes read(Path dir) {
      int n = MnistFiles.PINNED.size();
      String[] names = new String[n];
      byte[][] contents = new byte[n][];
      try {
        for (int i = 0; i < n; i++) {
          names[i] = MnistFiles.PINNED.get(i).name();
          contents[i] = Files.readAllBytes(dir.resolve(names[i]));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new MnistBytes(names, contents);
    }

    /** Writes the files into {@code dir} (made if missing); returns the bytes written. */
    long write(Path dir) {
      long total = 0;
      try {
        Files.createDirectories(dir);
        for (int i = 0; i < names.length; i++) {
          Files.write(dir.resolve(names[i]), contents[i]);
          total += contents[i].length;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return total;
    }
  }
}
