package lab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.sweep.RunComparison;
import lab.sweep.SweepCompare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab compare xor-optimizer-lr-quick xor-width-quick",
        "  ./lab compare xor-optimizer-lr xor-optimizer-lr-quick",
        "  ./lab compare xor-optimizer-lr --by optimizer.name    sgd against adam",
        "  ./lab compare xor-2-2-1-sgd xor-2-2-1-adam",
        "  ./lab compare noisy-xor-mlp noisy-xor-noisy-input noisy-xor-logreg"},
    description = "Set the grid points of stored sweeps side by side:"
    + " one table and one chart, in results/sweeps/compare-<a>-vs-<b>.md/.png. Success rates"
    + " carry their 95%% Wilson interval; each sweep is tested against the first at every"
    + " shared point (Fisher's exact test for success counts, Mann-Whitney U for final losses;"
    + " * = significant at alpha 0.05 after Holm's correction). Or runs (result folders, by"
    + " name or path): the spec keys that differ, the final metrics and their loss and"
    + " accuracy curves, in results/compare/<a>-vs-<b>/.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SWEEP|RUN", description = "sweeps of results/sweeps/,"
      + " or result folders of results/ (one NAME: NAME and its runs with overrides, NAME@...)")
  List<String> sweeps;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Option(names = "--by", paramLabel = "KEY", description = "one sweep: set the values of its"
      + " swept KEY side by side at every combination of the other keys, each tested against"
      + " the first value; writes compare-<sweep>-by-<key>.md/.png")
  String by;

  @Override
  public Integer call() {
    Path root = Project.resultsRoot(results);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String n : sweeps) {
      String bare = n.replaceFirst("^sweeps/", "").replaceFirst("/+$", "");
      if (!seen.add(bare)) {
        throw new UserError(n + ": given twice; allowed: different sweeps or runs (one run"
            + " NAME alone compares it with its runs with overrides, NAME@...)");
      }
    }
    if (by != null) {
      if (sweeps.size() != 1) {
        throw new UserError("--by " + by + ": give one sweep (its " + by + " values are"
            + " compared), not " + sweeps.size());
      }
      String name = sweeps.get(0).replaceFirst("^sweeps/", "");
      System.out.print(SweepCompare.within(root.resolve("sweeps"), name, by));
      System.out.println("-> " + root.resolve("sweeps").resolve("compare-" + name + "-by-"
          + lab.chart.ChartNames.key(by) + ".md"));
      return 0;
    }
    List<Path> runs = RunFolders.forCompare(root, sweeps);
    if (runs != null) {
      RunComparison.Written w = RunComparison.write(root, runs);
      System.out.print(w.table());
      System.out.println("-> " + w.dir());
      return 0;
    }
    List<String> names = sweeps.stream().map(n -> n.replaceFirst("^sweeps/", "")).toList();
    System.out.print(SweepCompare.compare(root.resolve("sweeps"), names));
    System.out.println("-> " + root.resolve("sweeps").resolve(
        "compare-" + String.join("-vs-", names) + ".md"));
    return 0;
  }
}
