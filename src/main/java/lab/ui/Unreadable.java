package lab.ui;

import java.nio.file.Path;

/**
 * A result file the dashboard or a report needs that cannot be read: not UTF-8, not valid JSON or
 * YAML, or an I/O failure. Its message names the file and what is wrong; the server answers it
 * as 500 with the path relative to the results folder, ./lab report as one line, exit 2.
 */
final class Unreadable extends RuntimeException {
  private final Path file;

  Unreadable(Path file, String what) {
    super(file + ": " + what);
    this.file = file;
  }

  /** The message with {@code root} left out of the file's path. */
  String relativeTo(Path root) {
    String m = getMessage();
    String prefix = root.toAbsolutePath().normalize() + java.io.File.separator;
    String abs = file.toAbsolutePath().normalize().toString();
    return abs.startsWith(prefix) ? abs.substring(prefix.length()) + m.substring(
        file.toString().length()) : file.getFileName() + m.substring(file.toString().length());
  }
}
