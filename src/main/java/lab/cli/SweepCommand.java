package lab.cli;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.net.Engines;
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
        "  ./lab sweep xor-width-quick --resume     finish it (here: already complete)"},
    description = "Run a hyperparameter sweep of experiments/sweeps/ over"
    + " its grid and seeds; writes results/sweeps/<name>/.")
final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|PATH.yaml",
      description = "a sweep of experiments/sweeps/ or a sweep file")
  String sweep;

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

  @Option(names = "--engine", paramLabel = "dl4j|dl4j-stock",
      description = "the engine of every job, replacing the sweep's own (see ./lab run --help)")
  String engine;

  @Override
  public Integer call() {
    int n = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
    if (n < 1 || n > 256) {
      throw new UserError("--parallel " + n + ": not allowed; allowed: a whole number from 1"
          + " to 256");
    }
    Sweep s = SweepLoader.load(SweepLoader.sweepPath(sweep), engine);
    Engines.prepareProcess(stockOnly(s));
    Path dir = Project.resultsRoot(results).resolve("sweeps").resolve(s.name());
    String again = "./lab sweep " + sweep + (engine != null ? " --engine " + engine : "")
        + (results != null ? " --results " + results : "") + " --resume";
    var runs = new SweepRunner(s, dir, System.out, !oneByOne, oneByOne).resumeCommand(again)
        .run(n, resume);
    long ok = runs.stream().filter(JobResult::success).count();
    System.out.printf("%d of %d jobs succeeded -> %s (summary.md, runs.csv, charts/)%n", ok,
        runs.size(), dir);
    return 0;
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
