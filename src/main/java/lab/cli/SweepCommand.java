package lab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.net.Engines;
import lab.sweep.CommandLineSweep;
import lab.sweep.Job;
import lab.sweep.JobResult;
import lab.sweep.Sweep;
import lab.sweep.SweepLoader;
import lab.sweep.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab sweep xor-width-quick --results /tmp/lab-results   80 short XOR jobs",
        "  ./lab sweep xor-width-quick --resume     finish it (here: already complete)",
        "  ./lab sweep xor-random-lr --results /tmp/lab-results   8 drawn lrs x 5 seeds",
        "  ./lab sweep --base xor-3hidden --grid optimizer.lr=0.1,1 --seeds 5 --name lr",
        "  ./lab sweep xor-width-quick --spark local[2] --results /tmp/lab-spark",
        "  ./lab sweep xor-width-quick --spark spark://127.0.0.1:7077 --results /tmp/s"},
    description = {"Run a hyperparameter sweep of experiments/sweeps/ over"
    + " its grid and seeds; writes results/sweeps/<name>/.",
    "Without a file, options say what a sweep file would (the same sweep.yaml):",
    "  ./lab sweep --base xor-3hidden --grid optimizer.lr=0.01,0.1 \\",
    "      --grid 'model.hidden=[2],[4]' --seeds 10 --set epochs=2000 --name my-sweep",
    "  ./lab sweep --base xor-2-2-1-adam --search random --samples 8 \\",
    "      --grid 'optimizer.lr=loguniform(0.001,1)' --seeds 5 --name my-search"})
final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|PATH.yaml",
      description = "a sweep of experiments/sweeps/ or a sweep file; or none, and the sweep"
      + " given by --base, --grid, --seeds and --name")
  String sweep;

  @Option(names = "--base", paramLabel = "EXPERIMENT", description = "a sweep without a file:"
      + " the experiment (or spec path) every job starts from, as base: in a sweep file")
  String base;

  @Option(names = "--grid", paramLabel = "KEY=VALUES", description = "with --base: a swept key"
      + " and its comma-separated values (optimizer.lr=0.01,0.1; 'model.hidden=[2],[4]'), or with"
      + " --search random a distribution ('optimizer.lr=loguniform(0.001,1)', uniform(a,b),"
      + " int(a,b)); repeatable, in grid order")
  List<String> grids = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "with --base: a fixed change to the base, as set: in a sweep file; repeatable")
  List<String> sets = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "N|LIST",
      description = "with --base: a count (10: seeds 0-9) or a list (0,3,7)")
  String seeds;

  @Option(names = "--success", paramLabel = "KEY=VALUE", description = "with --base: a success"
      + " criterion (train_accuracy=1, valid_accuracy=0.9, max_final_train_loss=0.05);"
      + " repeatable; default for XOR: train_accuracy=1")
  List<String> success = new ArrayList<>();

  @Option(names = "--target-loss", paramLabel = "LOSS",
      description = "with --base: the loss that counts as reached for epochs to target")
  Double targetLoss;

  @Option(names = "--search", paramLabel = "grid|random",
      description = "with --base: every combination (grid, the default) or --samples points"
      + " drawn from the --grid distributions (random)")
  String search;

  @Option(names = "--samples", paramLabel = "N",
      description = "with --search random: how many points to draw, each run on every seed")
  Integer samples;

  @Option(names = "--search-seed", paramLabel = "S",
      description = "with --search random: the seed of the draws (default 0)")
  Long searchSeed;

  @Option(names = "--name", paramLabel = "NAME",
      description = "with --base: the sweep's name; its results go to results/sweeps/NAME/")
  String name;

  @Option(names = "--description", paramLabel = "TEXT",
      description = "with --base: one line saying what the sweep shows")
  String description;

  @Option(names = "--parallel", paramLabel = "N",
      description = "jobs run at a time, each on one thread (default: the number of cores)")
  Integer parallel;

  @Option(names = "--resume", description = "finish an interrupted sweep: skip every job that"
      + " completed, rerun the others; also adds seeds to a finished sweep whose file gained"
      + " seeds. Keeps the stacking mode the sweep started with")
  boolean resume;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Option(names = "--one-by-one", description = "train every job alone; by default the seeds of"
      + " a grid point are trained together as one stacked network where the experiment allows"
      + " it (same numbers up to float rounding, several times faster)")
  boolean oneByOne;

  @Option(names = "--engine", paramLabel = "dl4j|dl4j-stock|scratch",
      description = "the engine of every job, replacing the sweep's own (see ./lab run --help)")
  String engine;

  @Option(names = "--spark", paramLabel = "MASTER", description = "run the jobs as Apache Spark"
      + " tasks: local[N] (N threads here), spark://HOST:PORT (a standalone master, e.g. of"
      + " ./lab cluster start); same numbers and folders as without (docs/spark.md)")
  String spark;

  @Option(names = "--spark-data", paramLabel = "files|broadcast", description = "with --spark:"
      + " how the MNIST files reach executors: files (SparkContext.addFile, the default) or"
      + " broadcast (a Spark broadcast of their bytes); both checked there (docs/spark.md)")
  String sparkData;

  /** The values of --spark-data, the first the default. */
  static final List<String> SPARK_DATA = List.of("files", "broadcast");

  @Override
  public Integer call() {
    int n = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
    if (n < 1 || n > 256) {
      throw new UserError("--parallel " + n + ": not allowed; allowed: a whole number from 1"
          + " to 256");
    }
    checkSparkData(spark, sparkData);
    CommandLineSweep defined = commandLineSweep();
    Sweep s = defined != null ? defined.resolve()
        : SweepLoader.load(SweepLoader.sweepPath(sweep), engine);
    Path root = Project.writableResultsRoot(results); // refused before Spark or any job starts
    boolean stock = stockOnly(s);
    SweepRunner.Remote remote = spark != null ? sparkRemote(spark, stock, sparkData) : null;
    Engines.prepareProcess(stock);
    Path dir = root.resolve("sweeps").resolve(s.name());
    String what = defined != null ? String.join(" ", defined.arguments()) : sweep;
    String again = "./lab sweep " + what + (engine != null ? " --engine " + engine : "")
        + (results != null ? " --results " + results : "")
        + (spark != null ? " --spark " + spark : "")
        + (sparkData != null ? " --spark-data " + sparkData : "") + " --resume";
    var runs = new SweepRunner(s, dir, System.out, !oneByOne, oneByOne).resumeCommand(again)
        .remote(remote).run(n, resume);
    long ok = runs.stream().filter(JobResult::success).count();
    System.out.printf("%d of %d jobs succeeded -> %s (summary.md, runs.csv, charts/)%n", ok,
        runs.size(), dir);
    return 0;
  }

  /**
   * The sweep the options define (--base with --grid, --seeds, --name ...), or null when a sweep
   * file is named. Both, or neither, is one line.
   */
  private CommandLineSweep commandLineSweep() {
    List<String> given = new ArrayList<>();
    if (base != null) given.add("--base");
    if (!grids.isEmpty()) given.add("--grid");
    if (!sets.isEmpty()) given.add("--set");
    if (seeds != null) given.add("--seeds");
    if (!success.isEmpty()) given.add("--success");
    if (targetLoss != null) given.add("--target-loss");
    if (search != null) given.add("--search");
    if (samples != null) given.add("--samples");
    if (searchSeed != null) given.add("--search-seed");
    if (name != null) given.add("--name");
    if (description != null) given.add("--description");
    if (sweep != null) {
      if (given.isEmpty()) return null;
      throw new UserError("./lab sweep " + sweep + ": " + String.join(", ", given) + " only"
          + " define a sweep without a file; give a sweep file, or --base with --grid, --seeds"
          + " and --name, not both");
    }
    if (base == null) {
      throw new UserError("./lab sweep: no sweep given; name one of experiments/sweeps/ (./lab"
          + " list), or define one: --base EXPERIMENT --grid KEY=VALUES --seeds N --name NAME");
    }
    return new CommandLineSweep(base, grids, sets, seeds, success, targetLoss, search, samples,
        searchSeed, name, description, engine);
  }

  /** --spark-data: one of {@link #SPARK_DATA}, and only with --spark. */
  static void checkSparkData(String spark, String data) {
    if (data == null) return;
    if (!SPARK_DATA.contains(data)) {
      throw new UserError("--spark-data " + data + ": not a way to ship data; allowed: "
          + String.join(", ", SPARK_DATA));
    }
    if (spark == null) {
      throw new UserError("--spark-data " + data + ": only with --spark MASTER (without Spark"
          + " every job reads the MNIST cache of this machine)");
    }
  }

  /**
   * The Spark runner (lab.spark.SparkRemote), loaded by name: it is in the spark build only
   * (./lab builds it when --spark is given), and no other command loads a Spark class.
   * {@code data}: null (the default), or one of {@link #SPARK_DATA}.
   */
  static SweepRunner.Remote sparkRemote(String master, boolean stock, String data) {
    Class<?> c;
    try {
      c = Class.forName("lab.spark.SparkRemote");
    } catch (ClassNotFoundException e) {
      throw new UserError("--spark " + master + ": this build has no Spark; ./lab builds it on"
          + " first use of --spark (mvn -Pspark builds it into target/spark/)");
    }
    try {
      return (SweepRunner.Remote) c.getConstructor(String.class, boolean.class, String.class)
          .newInstance(master, stock, data);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether every job of the sweep runs stock DL4J. The fast path's settings are JVM-wide, so
   * one process cannot hold both stock jobs and others: such a sweep is refused.
   */
  static boolean stockOnly(Sweep s) {
    Set<String> engines = new TreeSet<>();
    for (Job j : s.jobs()) engines.add(j.spec().engine());
    if (engines.contains(Engines.STOCK) && engines.size() > 1) {
      throw new UserError(s.source() + ": engine: one sweep cannot mix dl4j-stock with "
          + String.join(", ", engines.stream().filter(e -> !e.equals(Engines.STOCK)).toList())
          + " (stock DL4J needs a process with ND4J at its defaults); run them as two sweeps");
    }
    return engines.contains(Engines.STOCK);
  }
}
