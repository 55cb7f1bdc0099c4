package lab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;
import lab.spec.Field;
import lab.spec.SpecLoader;
import lab.spec.SpecSchema;

/**
 * The text of {@code ./lab keys [PREFIX]}: the spec keys grouped by section (top-level, data.,
 * model., optimizer.), each with its default, meaning and allowed values, wrapped to a width. The
 * experiments a key applies to are named only where it does not apply to all of them.
 */
final class KeysTable {
  static final int KEY_COLUMN = 22;
  static final int DEFAULT_WIDTH = 100;

  private KeysTable() {}

  /** The terminal width: COLUMNS when it is a sensible number, else {@value #DEFAULT_WIDTH}. */
  static int width(String columns) {
    try {
      int w = Integer.parseInt(columns == null ? "" : columns.strip());
      return Math.max(60, Math.min(w, 400));
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /**
   * The keys {@code prefix} selects: those starting with it (optimizer, optimizer., data.tr),
   * else those holding it (lr); all for null. None: one line with the nearest keys.
   */
  static List<Field> select(String prefix) {
    List<Field> all = new ArrayList<>(SpecSchema.fields().values());
    if (prefix == null || prefix.isBlank()) return all;
    String p = prefix.strip().toLowerCase(java.util.Locale.ROOT);
    List<Field> starting = all.stream().filter(f -> f.key().startsWith(p)).toList();
    if (!starting.isEmpty()) return starting;
    List<Field> holding = all.stream().filter(f -> f.key().contains(p)).toList();
    if (!holding.isEmpty()) return holding;
    throw new UserError("keys " + prefix + ": no spec key starts with or holds '" + prefix
        + "'; near: " + String.join(", ", SpecLoader.near(p, SpecSchema.fields().keySet(), 5))
        + "; ./lab keys lists them all");
  }

  static String text(List<Field> fields, int width) {
    Map<String, List<Field>> sections = new LinkedHashMap<>();
    for (Field f : fields) {
      int dot = f.key().indexOf('.');
      String section = dot < 0 ? "top-level keys" : f.key().substring(0, dot + 1) + " keys";
      sections.computeIfAbsent(section, k -> new ArrayList<>()).add(f);
    }
    // the top-level keys first, then the blocks in schema order
    List<String> order = new ArrayList<>(sections.keySet());
    if (order.remove("top-level keys")) order.add(0, "top-level keys");
    StringBuilder sb = new StringBuilder();
    for (String section : order) {
      if (sb.length() > 0) sb.append('\n');
      sb.append(section).append(":\n");
      for (Field f : sections.get(section)) entry(sb, f, width);
    }
    return sb.toString();
  }

  private static void entry(StringBuilder sb, Field f, int width) {
    String def = f.key().equals("name") ? "default: the file's name"
        : f.defaultValue() == null ? "(required)"
        : "default " + (f.defaultValue() instanceof String s && s.isEmpty() ? "''"
            : f.defaultValue());
    String only = f.experiments().size() == SpecSchema.EXPERIMENTS.size() ? ""
        : " [" + String.join(", ", f.experiments().stream().sorted().toList()) + " only]";
    wrap(sb, f.key(), def + only + "; " + f.description(), width);
    wrap(sb, "", "allowed: " + f.type().allowed(), width);
  }

  /** Appends {@code text} after a padded {@code label}, wrapped at spaces to {@code width}. */
  static void wrap(StringBuilder sb, String label, String text, int width) {
    String indent = " ".repeat(KEY_COLUMN);
    String first = "  " + label;
    StringBuilder line = new StringBuilder(first.length() >= KEY_COLUMN ? first + "\n" + indent
        : first + " ".repeat(KEY_COLUMN - first.length()));
    int lineStart = line.lastIndexOf("\n") + 1;
    boolean empty = true;
    for (String word : text.split(" ")) {
      if (word.isEmpty()) continue;
      int length = line.length() - lineStart;
      if (!empty && length + 1 + word.length() > width) {
        sb.append(line).append('\n');
        line = new StringBuilder(indent);
        lineStart = 0;
        empty = true;
      }
      if (!empty) line.append(' ');
      line.append(word);
      empty = false;
    }
    sb.append(line).append('\n');
  }
}
