package lab.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits the lines of the project's CSV files: comma-separated, "quoted" cells with "" inside. */
final class Csv {
  private Csv() {}

  static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  /**
   * The cells of line {@code line} (counted from 1) of a stored file, which must number {@code
   * expected}; else the file is {@link Unreadable}, naming the line.
   */
  static List<String> cells(Path file, int line, String text, int expected) {
    List<String> c = cells(text);
    if (c.size() != expected) {
      throw new Unreadable(file, "line " + line + ": " + c.size() + " cells where the header has "
          + expected);
    }
    return c;
  }

  /**
   * A number cell of line {@code line} of a stored file: null when empty (a value the run did not
   * have) or not finite (JSON has no NaN or Infinity); anything that is not a number makes the
   * file {@link Unreadable}, naming the line and the cell (cut to 40 characters).
   */
  static Double number(Path file, int line, String cell) {
    if (cell.isEmpty()) return null;
    try {
      double v = Double.parseDouble(cell);
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      throw new Unreadable(file, "line " + line + ": '" + shown(cell) + "' is not a number");
    }
  }

  /** A true/false cell of line {@code line} of a stored file; anything else is {@link Unreadable}. */
  static boolean bool(Path file, int line, String cell) {
    if (cell.equals("true") || cell.equals("false")) return cell.equals("true");
    throw new Unreadable(file, "line " + line + ": '" + shown(cell) + "' where true or false"
        + " belongs");
  }

  /** A cell as a message shows it: cut to 40 characters. */
  static String shown(String cell) {
    return lab.core.UserError.shown(cell, 40);
  }
}
