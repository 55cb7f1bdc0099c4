package lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import lab.bench.Bench;
import lab.core.Project;
import lab.core.UserError;
import lab.experiment.ExperimentRunner;
import lab.sweep.SweepCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "charts", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab charts xor-3hidden                 redraw results/xor-3hidden/*.png",
        "  ./lab charts sweeps/xor-width-quick      redraw a sweep's charts/",
        "  ./lab charts bench                       redraw results/bench/bench.png",
        "  ./lab charts                             redraw every result and sweep"},
    description = "Redraw the charts of one result (or all) from stored metrics, no training.")
final class ChartsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "a folder of results/ (default: all)")
  String name;

  @Option(names = "--results", paramLabel = "DIR", description = "the results folder")
  Path results;

  @Override
  public Integer call() throws IOException {
    Path root = Project.resultsRoot(results);
    if (name != null && redrawBench(root.resolve(name))) return 0;
    Path sweep = sweepFolder(root, name);
    if (sweep != null) {
      SweepCharts.redraw(sweep);
      System.out.println("redrew charts of " + sweep.resolve("charts"));
      return 0;
    }
    List<Path> dirs;
    if (name != null) {
      dirs = RunFolders.find(root, name);
    } else {
      try (Stream<Path> s = Files.list(root)) {
        dirs = s.filter(ExperimentRunner::isResultFolder).sorted().toList();
      }
      Path sweeps = root.resolve("sweeps");
      if (Files.isDirectory(sweeps)) {
        try (Stream<Path> s = Files.list(sweeps)) {
          for (Path d : s.filter(d -> Files.isRegularFile(d.resolve("sweep.yaml"))).sorted()
              .toList()) {
            SweepCharts.redraw(d);
            System.out.println("redrew charts of " + d.resolve("charts"));
          }
        }
      }
    }
    for (Path dir : dirs) {
      // Of many folders, a diverged run (no metrics) is passed over; asked for alone, it is an
      // error naming the epoch where it diverged.
      if (dirs.size() > 1 && lab.results.RunSummary.read(dir).diverged()) {
        System.out.println("skipped " + dir + ": the run diverged (no metrics to chart)");
        continue;
      }
      ExperimentRunner.redrawCharts(dir);
      System.out.println("redrew charts of " + dir);
    }
    if (name == null) {
      redrawBench(root.resolve("bench"));
      redrawBench(root.resolve("bench-quick"));
    }
    return 0;
  }

  /** Redraws {@code dir}'s bench.png when it holds a bench.json; whether it did. */
  private static boolean redrawBench(Path dir) {
    if (!Files.isRegularFile(dir.resolve("bench.json"))) return false;
    Bench.redrawChart(dir);
    System.out.println("redrew " + dir.resolve("bench.png"));
    return true;
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
}
