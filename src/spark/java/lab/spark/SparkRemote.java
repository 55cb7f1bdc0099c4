package lab.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.core.UserError;
import lab.mnist.MnistFetcher;
import lab.mnist.MnistFiles;
import lab.results.Yaml;
import lab.sweep.Job;
import lab.sweep.Sweep;
import lab.sweep.SweepRunner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a sweep's units (a grid point's stacked seeds, or one job) as Spark tasks, one task per
 * unit: {@code local[N]} in this process, {@code spark://HOST:PORT} on a standalone cluster, or
 * whatever master spark-submit gives. Executors train with the same code as the in-process runner
 * and send each job's folder back as bytes; the driver writes it (SweepRunner). No shared file
 * system is assumed: the MNIST files go to executors with {@code SparkContext.addFile} (data mode
 * {@code files}, the default) or as a broadcast of their bytes (mode {@code broadcast}), and are
 * checked there against their pinned SHA-256 before use.
 *
 * <p>Loaded by name from lab.cli only when {@code --spark} is given, so that no other command
 * loads a Spark class.
 */
public final class SparkRemote implements SweepRunner.Remote {

  /** Spark's local masters: local, local[N], local[*], local[N,F] (F: tries per task). */
  private static final Pattern LOCAL =
      Pattern.compile("local(\\[(\\*|[1-9][0-9]{0,3})(,([1-9][0-9]?))?\\])?");
  private static final Pattern STANDALONE =
      Pattern.compile("spark://([A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+\\]):([0-9]{1,5})");
  /** How often a task is tried before the sweep fails (a killed executor's tasks are rerun). */
  static final int TASK_TRIES = 4;

  /** How the MNIST files reach executors: Spark's added files, or a broadcast of their bytes. */
  enum Data { FILES, BROADCAST }

  private final String master;
  private final boolean stock;
  private final Data data;
  /** Whether the data mode was given: under local[N] only then is the data shipped at all. */
  private final boolean dataGiven;

  /**
   * Checks the master URL (one line, exit 2, for a bad one) without starting Spark. {@code data}:
   * null (files, and under local[N] the driver's own cache), "files" or "broadcast".
   */
  public SparkRemote(String master, boolean stock, String data) {
    this.master = check(master);
    this.stock = stock;
    this.dataGiven = data != null;
    // The command line has checked the value (SweepCommand.checkSparkData).
    this.data = data == null ? Data.FILES : Data.valueOf(data.toUpperCase(java.util.Locale.ROOT));
    reachable(this.master);
  }

  static String check(String master) {
    if (master == null || master.isBlank()) {
      throw new UserError("--spark: a master URL is needed; allowed: " + ALLOWED);
    }
    if (LOCAL.matcher(master).matches() || master.equals("yarn") || master.startsWith("k8s://")) {
      return master;
    }
    Matcher m = STANDALONE.matcher(master);
    if (m.matches()) {
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        throw new UserError("--spark " + master + ": port " + port + " is out of range; allowed:"
            + " 1 to 65535");
      }
      return master;
    }
    throw new UserError("--spark " + master + ": not a Spark master URL; allowed: " + ALLOWED);
  }

  static final String ALLOWED = "local[N] (N threads in this process), spark://HOST:PORT (a"
      + " standalone master, e.g. the one ./lab cluster start prints), or yarn and k8s://... under"
      + " spark-submit (docs/spark.md)";

  @Override
  public String describe() {
    return "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " at " + master;
  }

  @Override
  public void train(Sweep sweep, List<SweepRunner.Unit> units,
      Consumer<SweepRunner.JobFiles> sink) {
    boolean local = LOCAL.matcher(master).matches();
    boolean mnist = sweep.jobs().stream().map(Job::spec).anyMatch(s -> "mnist".equals(
        s.experiment()));
    // The driver checks (or fetches) the data before any executor starts.
    Path mnistDir = mnist ? MnistFetcher.ensure(MnistFiles.cacheDir(), System.out) : null;
    SparkConf conf = conf(master, sweep.name(), local);
    JavaSparkContext sc;
    try {
      sc = new JavaSparkContext(conf);
    } catch (RuntimeException e) {
      throw new UserError("--spark " + master + ": Spark cannot start there: "
          + firstLine(e));
    }
    // Under local[N] the executors are this JVM and read the driver's cache, unless a data mode is
    // given: then the data goes the way it goes to a cluster (how the tests check both modes).
    boolean ship = mnist && (!local || dataGiven);
    String cacheBefore = System.getProperty("lab.mnist.cache");
    Broadcast<UnitTask.MnistBytes> bytes = null;
    try {
      if (ship && data == Data.FILES) {
        for (var f : MnistFiles.PINNED) sc.addFile(mnistDir.resolve(f.name()).toString());
      }
      if (ship && data == Data.BROADCAST) {
        bytes = sc.broadcast(UnitTask.MnistBytes.read(mnistDir));
      }
      if (!local) waitForExecutors(sc.sc());
      UnitTask task = new UnitTask(Yaml.text(sweep.toNested()), sweep.source(), sweep.name(),
          stock, ship && data == Data.FILES, bytes, lab.results.Provenance.gitCommit());
      JavaRDD<SweepRunner.Unit> rdd = sc.parallelize(units, units.size());
      AtomicReference<RuntimeException> failed = new AtomicReference<>();
      ClassTag<ArrayList<SweepRunner.JobFiles>> tag = ClassTag$.MODULE$.apply(ArrayList.class);
      sc.sc().runJob(rdd.rdd(), task, new Handler(sink, failed), tag);
      if (failed.get() != null) throw failed.get();
    } catch (Exception e) { // Scala code throws checked SparkException undeclared
      UserError user = userErrorIn(e);
      if (user != null) throw user;
      if (e instanceof RuntimeException r && !(e instanceof org.apache.spark.SparkException)) {
        throw r;
      }
      throw new IllegalStateException("the Spark job failed: " + firstLine(e), e);
    } finally {
      if (bytes != null) bytes.destroy();
      sc.stop();
      // A local[N] task pointed this JVM's MNIST cache at the shipped copy: back to the driver's.
      if (local && ship) {
        if (cacheBefore == null) System.clearProperty("lab.mnist.cache");
        else System.setProperty("lab.mnist.cache", cacheBefore);
      }
    }
  }

  static SparkConf conf(String master, String name, boolean local) {
    SparkConf conf = new SparkConf().setMaster(master).setAppName("lab sweep " + name);
    conf.setIfMissing("spark.task.maxFailures", String.valueOf(TASK_TRIES));
    conf.setIfMissing("spark.ui.enabled", "false");
    // Each task's jobs are written as they arrive, not kept: no cap on their sum.
    conf.setIfMissing("spark.driver.maxResultSize", "0");
    // One OpenMP thread in every executor, as ./lab runs: the numbers do not depend on it, the
    // speed of these small networks does.
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
    conf.setIfMissing("spark.executor.cores", "1");
    if (local || loopback(master)) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    if (!local && loopback(master) && !conf.contains("spark.jars")) {
      // A cluster on this machine (./lab cluster start): its executors read the project's classes
      // and jars from where this process has them. A real cluster gets the packaged jar through
      // spark-submit instead (docs/spark.md).
      conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    }
    return conf;
  }

  static boolean loopback(String master) {
    Matcher m = STANDALONE.matcher(master);
    if (!m.matches()) return false;
    String host = m.group(1);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  /** A standalone master that does not answer is one line, within seconds, not Spark's minute. */
  static void reachable(String master) {
    Matcher m = STANDALONE.matcher(master);
    if (!m.matches()) return;
    String host = m.group(1).replaceAll("^\\[|\\]$", "");
    int port = Integer.parseInt(m.group(2));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
    } catch (IOException e) {
      throw new UserError("--spark " + master + ": no Spark master answers there ("
          + e.getMessage() + "); start one with ./lab cluster start, or give the URL its master"
          + " prints");
    }
  }

  /** Seconds to wait for the first executor of a cluster before giving up. */
  static long executorWaitSeconds() {
    return Long.getLong("lab.spark.executor.wait", 120);
  }

  /** A master without workers (or with no free core) would leave the sweep waiting forever. */
  private void waitForExecutors(SparkContext sc) {
    long deadline = System.nanoTime() + executorWaitSeconds() * 1_000_000_000L;
    while (sc.statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
      if (sc.isStopped()) {
        throw new UserError("--spark " + master + ": the Spark master gave up on this"
            + " application (see its log, e.g. .cache/cluster/master.log)");
      }
      if (System.nanoTime() > deadline) {
        throw new UserError("--spark " + master + ": no executor started within "
            + executorWaitSeconds() + " s (does the cluster have a worker with a free core and"
            + " enough memory? -Dlab.spark.executor.wait=SECONDS waits longer)");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A UserError thrown in a task (bad data on an executor) as the driver's one line. */
  private static UserError userErrorIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserError u) return u;
    }
    String text = String.valueOf(e.getMessage());
    Matcher m = Pattern.compile("lab\\.core\\.UserError: ([^\\n]*)").matcher(text);
    return m.find() ? new UserError("on an executor: " + m.group(1)) : null;
  }

  private static String firstLine(Throwable e) {
    String msg = String.valueOf(e.getMessage());
    return msg.lines().findFirst().orElse(e.getClass().getSimpleName());
  }

  /** The driver's end of a task: its jobs go to the sweep runner as they arrive. */
  private static final class Handler
      extends AbstractFunction2<Object, ArrayList<SweepRunner.JobFiles>, BoxedUnit> {
    private final Consumer<SweepRunner.JobFiles> sink;
    private final AtomicReference<RuntimeException> failed;

    Handler(Consumer<SweepRunner.JobFiles> sink, AtomicReference<RuntimeException> failed) {
      this.sink = sink;
      this.failed = failed;
    }

    @Override
    public BoxedUnit apply(Object partition, ArrayList<SweepRunner.JobFiles> jobs) {
      try {
        for (SweepRunner.JobFiles j : jobs) sink.accept(j);
      } catch (RuntimeException e) {
        failed.compareAndSet(null, e);
      }
      return BoxedUnit.UNIT;
    }
  }
}
