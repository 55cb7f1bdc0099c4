package lab.sweep;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How swept values are written in job ids, tables and chart labels. */
final class Values {
  private Values() {}

  /** 0.01 not 1.0E-2, 1 not 1.0, [2, 2] as [2,2]. */
  static String show(Object v) {
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Values::show).collect(Collectors.joining(",", "[", "]"));
    }
    return String.valueOf(v);
  }

  /** A folder-safe form: lists as 2-2-2, anything outside [A-Za-z0-9._-] as '_'. */
  static String forFolder(Object v) {
    String s = v instanceof List<?> l
        ? l.stream().map(Values::show).collect(Collectors.joining("-")) : show(v);
    if (s.isEmpty()) s = "none";
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** "optimizer.lr=0.01 model.hidden=[2,2]": a grid point for tables. */
  static String point(Map<String, Object> point) {
    if (point.isEmpty()) return "(base)";
    return point.entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  /** "0.01 [2,2]": a grid point's values only, for chart labels. */
  static String shortPoint(Map<String, Object> point) {
    if (point.isEmpty()) return "base";
    return point.values().stream().map(Values::show).collect(Collectors.joining(" "));
  }
}
