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

  /**
   * The run folders {@code ./lab compare} is given, or null when they are sweeps: a single NAME is
   * NAME and its runs with overrides; several names are each one result folder, by name under
   * {@code root} or by path. Runs and sweeps mixed, a name that is neither, or a lone name
   * without runs to set beside it: one line.
   */
  static List<Path> forCompare(Path root, List<String> names) {
    List<Path> runs = new ArrayList<>();
    List<String> sweeps = new ArrayList<>();
    for (String n : names) {
      Path run = runFolder(root, n);
      if (run != null) {
        runs.add(run);
      } else if (isSweep(root, n)) {
        sweeps.add(n);
      } else if (names.size() > 1) {
        throw new UserError("compare: " + n + ": no run there (" + root.resolve(n)
            + " has no summary.json) and no sweep (" + root.resolve("sweeps").resolve(bare(n))
            + " has no sweep.yaml)" + nearRuns(root, n) + "; ./lab list shows them");
      }
    }
    if (runs.isEmpty()) {
      if (names.size() == 1) {
        if (!sweeps.isEmpty()) {
          throw new UserError("compare " + names.get(0) + ": one sweep given; give two or more"
              + " sweeps of " + root.resolve("sweeps") + " (./lab list shows them)");
        }
        List<Path> variants = find(root, names.get(0));
        if (variants.size() >= 2) return variants;
        throw new UserError("compare " + names.get(0) + ": nothing to set beside it; give two or"
            + " more sweeps of results/sweeps/, or result folders of results/");
      }
      return null;
    }
    if (!sweeps.isEmpty()) {
      throw new UserError("compare: " + String.join(" ", names) + ": give either sweeps or"
          + " result folders (runs), not both (sweeps here: " + String.join(", ", sweeps)
          + "); ./lab list shows them");
    }
    if (runs.size() == 1) {
      List<Path> all = find(root, names.get(0));
      if (all.size() >= 2) return all;
      throw new UserError("compare " + names.get(0) + ": no other run to set beside it (no "
          + names.get(0) + "@... folder); give two or more result folders or sweeps");
    }
    return runs;
  }

  /** The result folder a name means: results/NAME/, or a path to a result folder; else null. */
  private static Path runFolder(Path root, String name) {
    if (name.startsWith("sweeps/")) return null;
    if (ExperimentRunner.isResultFolder(root.resolve(name))) return root.resolve(name);
    Path asPath = Path.of(name);
    return name.contains("/") || name.contains(java.io.File.separator)
        ? ExperimentRunner.isResultFolder(asPath) ? asPath : null : null;
  }

  private static boolean isSweep(Path root, String name) {
    return Files.isRegularFile(root.resolve("sweeps").resolve(bare(name)).resolve("sweep.yaml"));
  }

  private static String bare(String name) {
    return name.replaceFirst("^sweeps/", "");
  }

  private static String nearRuns(Path root, String name) {
    List<String> names = resultFolders(root).stream().map(p -> p.getFileName().toString())
        .toList();
    List<String> near = lab.spec.SpecLoader.near(name, names, 4);
    return near.isEmpty() ? "" : "; runs there: " + String.join(", ", near);
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
