package lab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import picocli.CommandLine.Command;

@Command(name = "list", description = "List the experiments in experiments/.")
final class ListCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Path p : Project.specFiles()) {
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
