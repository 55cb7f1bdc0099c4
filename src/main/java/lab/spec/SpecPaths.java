package lab.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.core.UserError;

/**
 * File paths inside specs ({@code data.train: data/train.csv}): relative to the file that gives
 * them (a spec's or sweep's folder), or to the working directory for {@code --set}. Resolved when
 * the spec is loaded, so a spec runs the same from any directory; a missing file is an error that
 * says what the path was resolved against.
 */
public final class SpecPaths {
  private SpecPaths() {}

  /** The folder holding {@code file}, absolute. */
  public static Path folderOf(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent != null ? parent : workingDir();
  }

  public static Path workingDir() {
    return Path.of("").toAbsolutePath();
  }

  /**
   * Replaces every non-empty path value in {@code given} by the absolute path it names, relative
   * ones resolved against {@code base} ({@code what} says what base is, for messages).
   */
  public static void resolve(Map<String, Given> given, Path base, String what) {
    for (Map.Entry<String, Given> e : given.entrySet()) {
      Field field = SpecSchema.field(e.getKey());
      if (field == null || !(field.type() instanceof ValueType.Path)) continue;
      Given g = e.getValue();
      if (!(g.value() instanceof String text) || text.isBlank()) continue;
      e.setValue(new Given(resolve(g, e.getKey(), text, base, what).toString(), g.where(),
          g.raw(), g.place()));
    }
  }

  private static Path resolve(Given g, String key, String text, Path base, String what) {
    Path p;
    try {
      p = Path.of(text);
    } catch (java.nio.file.InvalidPathException ex) {
      throw new UserError(g.where() + ": " + key + ": '" + text + "' is not a path: "
          + ex.getReason());
    }
    Path resolved = p.isAbsolute() ? p.normalize() : base.resolve(p).toAbsolutePath().normalize();
    if (!Files.isRegularFile(resolved)) {
      String how = p.isAbsolute() ? "" : " (relative to " + what + ", " + base + ")";
      throw new UserError(g.where() + ": " + key + ": '" + text + "'" + how + ": no such file "
          + resolved);
    }
    return resolved;
  }
}
