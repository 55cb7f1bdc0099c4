package lab.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The type and allowed range of a spec value. {@link #check} turns a raw YAML value into the
 * Java value the spec holds, or returns null and leaves {@link #allowed()} to say what would do.
 */
public sealed interface ValueType {

  /** The canonical value, or null when {@code raw} is not allowed. */
  Object check(Object raw);

  /** What is allowed, in words, for error messages. */
  String allowed();

  record Int(long min, long max) implements ValueType {
    public Object check(Object raw) {
      if (raw instanceof Integer || raw instanceof Long || raw instanceof java.math.BigInteger) {
        long v = ((Number) raw).longValue();
        if (v >= min && v <= max) return Math.toIntExact(v);
      }
      return null;
    }

    public String allowed() {
      return "a whole number from " + min + " to " + max;
    }
  }

  record Seed() implements ValueType {
    public Object check(Object raw) {
      if (raw instanceof Integer || raw instanceof Long) {
        long v = ((Number) raw).longValue();
        if (v >= 0) return v;
      }
      return null;
    }

    public String allowed() {
      return "a whole number from 0 to " + Long.MAX_VALUE;
    }
  }

  /** A real number in (min, max] or [min, max], as {@code minInclusive} says. */
  record Real(double min, boolean minInclusive, double max) implements ValueType {
    public Object check(Object raw) {
      if (!(raw instanceof Number n)) return null;
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) return null;
      boolean aboveMin = minInclusive ? v >= min : v > min;
      return aboveMin && v <= max ? v : null;
    }

    public String allowed() {
      return "a number " + (minInclusive ? ">= " : "> ") + fmt(min) + " and <= " + fmt(max);
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
  }

  record Choice(Set<String> options) implements ValueType {
    public Object check(Object raw) {
      if (raw instanceof String s && options.contains(s.toLowerCase(Locale.ROOT))) {
        return s.toLowerCase(Locale.ROOT);
      }
      return null;
    }

    public String allowed() {
      return "one of " + String.join(", ", options.stream().sorted().toList());
    }
  }

  /** true or false (YAML's yes/no and on/off are read as such by the YAML parser). */
  record Bool() implements ValueType {
    public Object check(Object raw) {
      return raw instanceof Boolean b ? b : null;
    }

    public String allowed() {
      return "true or false";
    }
  }

  record Text() implements ValueType {
    public Object check(Object raw) {
      return raw instanceof String s ? s : null;
    }

    public String allowed() {
      return "a text";
    }
  }

  /**
   * A name usable as a folder on every system: letters, digits, '.', '_' and '-'; not ending in
   * '.' and not a device name of Windows (con, nul, com1, ...), which cannot be folders there.
   * {@code reserved} (compared ignoring case, as macOS and Windows do) lists the names the
   * project's own folders or files take beside it, and {@code reservedEnds} the endings of those
   * files, so that no result can replace them; {@code why} says whose they are.
   */
  record Name(List<String> reserved, List<String> reservedEnds, String why) implements ValueType {
    /** A run's name: results/NAME/ sits beside the sweeps/, compare/ and bench/ folders. */
    public static Name run() {
      return new Name(List.of("sweeps", "compare", "bench", "bench-quick"), List.of(),
          "sweeps, compare, bench or bench-quick: folders of their own in results/");
    }

    /** A sweep's name: results/sweeps/NAME/ sits beside compare's .md and .png files. */
    public static Name sweep() {
      return new Name(List.of(), List.of(".md", ".png"),
          "ending in .md or .png, the files ./lab compare writes in results/sweeps/");
    }

    public Object check(Object raw) {
      if (!(raw instanceof String s) || !s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
          || s.endsWith(".") || s.matches("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?")) {
        return null;
      }
      String lower = s.toLowerCase(Locale.ROOT);
      if (reserved.contains(lower) || reservedEnds.stream().anyMatch(lower::endsWith)) return null;
      return s;
    }

    public String allowed() {
      return "a name of letters, digits, '.', '_' and '-' (a folder name; not ending in '.', not"
          + " con, prn, aux, nul, com0-9 or lpt0-9" + (why.isEmpty() ? "" : ", not " + why) + ")";
    }
  }

  /** A file path, or empty for none. */
  record Path() implements ValueType {
    public Object check(Object raw) {
      return raw instanceof String s ? s : null;
    }

    public String allowed() {
      return "a file path";
    }
  }

  record IntList(int minLength, int maxLength, int minEach, int maxEach) implements ValueType {
    public Object check(Object raw) {
      if (!(raw instanceof List<?> list) || list.size() < minLength || list.size() > maxLength) {
        return null;
      }
      List<Integer> out = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof Integer i) || i < minEach || i > maxEach) return null;
        out.add(i);
      }
      return List.copyOf(out);
    }

    public String allowed() {
      return "a list of " + minLength + " to " + maxLength + " whole numbers from " + minEach
          + " to " + maxEach + ", e.g. [4, 4]";
    }
  }

  record Init() implements ValueType {
    public Object check(Object raw) {
      return raw instanceof String s && InitSpec.parse(s) != null ? s.replace(" ", "") : null;
    }

    public String allowed() {
      return InitSpec.ALLOWED;
    }
  }
}
