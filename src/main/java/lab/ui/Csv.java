package lab.ui;

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

  /** A number cell: null when empty or not a number. */
  static Double number(String cell) {
    if (cell == null || cell.isEmpty()) return null;
    try {
      double v = Double.parseDouble(cell);
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
