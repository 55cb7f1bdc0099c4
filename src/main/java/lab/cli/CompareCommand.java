package lab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.sweep.RunCompare;
import lab.sweep.SweepCompare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab compare xor-optimizer-lr-quick xor-width-quick",
        "  ./lab compare xor-optimizer-lr xor-optimizer-lr-quick"},
    description = "Set the grid points of stored sweeps side by side:"
    + " one table and one chart, in results/sweeps/compare-<a>-vs-<b>.md/.png.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SWEEP|RUN", description = "sweeps of results/sweeps/,"
      + " or result folders of results/ (one NAME: NAME and its runs with overrides, NAME@...)")
  List<String> sweeps;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    Path root = Project.resultsRoot(results);
    List<Path> runs = RunFolders.forCompare(root, sweeps);
    if (runs != null) {
      System.out.print(RunCompare.table(runs));
      return 0;
    }
    List<String> names = sweeps.stream().map(n -> n.replaceFirst("^sweeps/", "")).toList();
    System.out.print(SweepCompare.compare(root.resolve("sweeps"), names));
    System.out.println("-> " + root.resolve("sweeps").resolve(
        "compare-" + String.join("-vs-", names) + ".md"));
    return 0;
  }
}
