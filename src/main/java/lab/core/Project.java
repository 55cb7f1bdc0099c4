package lab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the project's folders are: experiments/, results/, .cache/ under the project home. */
public final class Project {
  private Project() {}

  /** The project folder, set by ./lab as -Dlab.home (default: the working directory). */
  public static Path home() {
    return Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
  }

  public static Path experimentsDir() {
    return home().resolve("experiments");
  }

  /** The results folder: {@code override} when given (--results DIR), else results/ of home. */
  public static Path resultsRoot(Path override) {
    return override != null ? override : home().resolve("results");
  }

  /** A spec named like {@code xor-3hidden} (in experiments/) or given as a path. */
  public static Path specPath(String nameOrPath) {
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
      return Path.of(nameOrPath);
    }
    Path p = experimentsDir().resolve(nameOrPath + ".yaml");
    if (!Files.isRegularFile(p)) {
      throw new UserError("no experiment named '" + nameOrPath + "' in " + experimentsDir()
          + "; ./lab list shows them");
    }
    return p;
  }

  /** The spec files of experiments/, sorted by name. */
  public static List<Path> specFiles() {
    try (Stream<Path> s = Files.list(experimentsDir())) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UserError(experimentsDir() + ": cannot be listed: " + e.getMessage());
    }
  }
}
