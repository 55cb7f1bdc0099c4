package lab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Maps a path asked for by the browser to a file under the results folder, or refuses it: no
 * empty, "." or ".." segment, no hidden segment (.incoming, .replaced), no backslash or NUL, and
 * nothing whose real path (symlinks followed) leaves the folder. Segments arrive URL-decoded, so
 * "%2e%2e" is refused as "..".
 */
final class SafePaths {
  /** A path the dashboard will not serve: answered with 403 and no content. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private SafePaths() {}

  static Path resolve(Path root, String relative) {
    if (relative == null || relative.isEmpty()) throw new Refused("no path given");
    if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0 || relative.startsWith("/")) {
      throw new Refused("not a relative path under the results folder");
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.startsWith(".")) {
        throw new Refused("path segment '" + segment + "' is not allowed");
      }
    }
    Path base = root.toAbsolutePath().normalize();
    Path p = base.resolve(relative).normalize();
    if (!p.startsWith(base)) throw new Refused("outside the results folder");
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      try {
        if (!p.toRealPath().startsWith(base.toRealPath())) {
          throw new Refused("a link out of the results folder");
        }
      } catch (IOException e) {
        throw new Refused("cannot be resolved");
      }
    }
    return p;
  }

  /** The path of {@code p} relative to {@code root}, with '/' separators. */
  static String relative(Path root, Path p) {
    return root.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString()
        .replace('\\', '/');
  }
}
