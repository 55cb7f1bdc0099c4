package lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lab.core.UserError;
import lab.experiment.ExperimentRunner;
import lab.results.RunNames;

/** Finds the result folders a name given to {@code ./lab charts} means. */
final class RunFolders {
  private RunFolders() {}

  /**
   * {@code results/NAME/} and the runs of NAME with overrides ({@code NAME@...}); a folder name
   * with {@code @} is that run alone. None: one line naming the nearest result folders.
   */
  static List<Path> find(Path root, String name) {
    List<Path> found = new ArrayList<>();
    Path exact = root.resolve(name);
    if (ExperimentRunner.isResultFolder(exact)) found.add(exact);
    if (name.indexOf(RunNames.AT) < 0) {
      for (Path p : resultFolders(root)) {
        if (RunNames.baseOf(p.getFileName().toString()).equals(name) && !p.equals(exact)) {
          found.add(p);
        }
      }
    }
    if (found.isEmpty()) {
      List<String> names = resultFolders(root).stream().map(p -> p.getFileName().toString())
          .toList();
      List<String> near = lab.spec.SpecLoader.near(name, names, 6);
      throw new UserError(exact + ": no result there (no summary.json); run ./lab run "
          + RunNames.baseOf(name) + (near.isEmpty() ? "" : "; results there: "
          + String.join(", ", near) + (names.size() > near.size() ? ", ... (./lab list)" : "")));
    }
    return found;
  }

  static List<Path> resultFolders(Path root) {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(ExperimentRunner::isResultFolder).sorted().toList();
    } catch (IOException e) {
      throw new UserError(root + ": cannot be listed: " + e.getMessage());
    }
  }
}
