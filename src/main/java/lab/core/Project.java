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

  /**
   * The results folder to read: {@code override} when given (--results DIR), else results/ of
   * home. A given folder must exist; an empty path or a file is refused in one line.
   */
  public static Path resultsRoot(Path override) {
    if (override == null) return home().resolve("results");
    checkGiven(override);
    if (!Files.exists(override)) {
      throw new UserError("--results " + override + ": no such folder; give the folder the"
          + " results were written to (./lab list --results DIR shows what one holds)");
    }
    return override;
  }

  /** An empty --results, or one naming a file, is refused. */
  private static void checkGiven(Path override) {
    if (override.toString().isBlank()) {
      throw new UserError("--results '" + override + "': an empty path; give a folder, e.g."
          + " --results /tmp/lab-results");
    }
    if (Files.exists(override) && !Files.isDirectory(override)) {
      throw new UserError("--results " + override + ": not a folder (it is a file); give a folder,"
          + " which is created when missing");
    }
  }

  /**
   * The results folder for a command that writes (run, sweep, trace, bench): as
   * {@link #resultsRoot}, created when missing and checked to be writable before any work starts,
   * so that a bad {@code --results} is refused in one line instead of after training.
   */
  public static Path writableResultsRoot(Path override) {
    if (override != null) checkGiven(override);
    Path root = override != null ? override : home().resolve("results");
    String named = override != null ? "--results " + override : root.toString();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UserError(named + ": cannot be created (" + reason(e) + "); give a folder that"
          + " can be, e.g. --results /tmp/lab-results");
    }
    if (!Files.isWritable(root)) {
      throw new UserError(named + ": not writable; give a folder you can write to, e.g."
          + " --results /tmp/lab-results");
    }
    return root;
  }

  /** An I/O failure in a few words: the file system's message, or the kind of failure. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException f) return f.getFile() + " is a file";
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return "permission denied at " + a.getFile();
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason()
          : e instanceof java.nio.file.NoSuchFileException ? "the file system refuses it"
          : e.getClass().getSimpleName());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * A spec named like {@code xor-3hidden} (in experiments/) or given as a path; a file name such
   * as {@code xor-3hidden.yaml} not found from the working directory is looked up in
   * experiments/ too.
   */
  public static Path specPath(String nameOrPath) {
    return findFile(nameOrPath, experimentsDir(), "experiment", "./lab run");
  }

  /**
   * The file {@code nameOrPath} names: NAME is {@code dir/NAME.yaml}; a path ending in .yaml or
   * .yml, or holding a folder, is relative to the working directory, and a bare file name is also
   * looked for in {@code dir}. Not found: one line saying where it looked and what there is.
   */
  public static Path findFile(String nameOrPath, Path dir, String kind, String command) {
    boolean isPath = nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")
        || nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator);
    if (isPath) {
      Path p = Path.of(nameOrPath);
      if (Files.isRegularFile(p)) return p;
      Path inDir = dir.resolve(p.getFileName().toString());
      if (!nameOrPath.contains("/") && Files.isRegularFile(inDir)) return inDir;
      String where = p.isAbsolute() ? "" : " (relative to the working directory "
          + Path.of("").toAbsolutePath() + (nameOrPath.contains("/") ? "" : ", nor in " + dir)
          + ")";
      throw new UserError(nameOrPath + where + ": no such " + kind + " file; " + there(dir, kind,
          nameOrPath));
    }
    Path p = dir.resolve(nameOrPath + ".yaml");
    if (!Files.isRegularFile(p)) {
      throw new UserError("no " + kind + " named '" + nameOrPath + "' in " + dir + "; "
          + there(dir, kind, nameOrPath));
    }
    return p;
  }

  /** "there are: a, b, c (./lab list shows them)", nearest names first, at most twelve. */
  private static String there(Path dir, String kind, String wanted) {
    List<String> names = yamlNames(dir);
    if (names.isEmpty()) return "there is none";
    String bare = Path.of(wanted).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    List<String> sorted = names.stream()
        .sorted(java.util.Comparator.comparingInt((String n) -> closeness(bare, n))
            .thenComparing(java.util.Comparator.naturalOrder()))
        .toList();
    String shown = String.join(", ", sorted.subList(0, Math.min(12, sorted.size())));
    return (kind.equals("sweep") ? "the sweeps: " : "the experiments: ") + shown
        + (sorted.size() > 12 ? ", ... (" + sorted.size() + " in all" + ")" : "")
        + "; ./lab list shows them";
  }

  /** Smaller is closer: a shared prefix counts, then the length difference. */
  private static int closeness(String a, String b) {
    int common = 0;
    while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
      common++;
    }
    return -common;
  }

  /** The names of the .yaml files of {@code dir}, sorted; empty when there is none. */
  public static List<String> yamlNames(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") && Files.isRegularFile(p))
          .map(p -> p.getFileName().toString().replaceFirst("\\.yaml$", "")).sorted().toList();
    } catch (IOException e) {
      throw new UserError(dir + ": cannot be listed: " + e.getMessage());
    }
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
