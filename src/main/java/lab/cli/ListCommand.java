package lab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.core.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab list                 experiments, sweeps and past results",
        "  ./lab list | grep mnist    the MNIST experiments and results"},
    description = "List the experiments (experiments/), the sweeps"
    + " (experiments/sweeps/) and past results (runs and sweeps in results/, with date and a"
    + " headline metric).")
final class ListCommand implements Callable<Integer> {
  @Option(names = "--results", paramLabel = "DIR",
      description = "the results folder to list (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    Catalog.experiments(System.out);
    System.out.println();
    Catalog.sweeps(System.out);
    System.out.println();
    Catalog.results(System.out, Project.resultsRoot(results));
    return 0;
  }
}
