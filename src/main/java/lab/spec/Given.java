package lab.spec;

/**
 * A spec value as the user gave it, and where: so that an error can blame the right place and
 * show the value as written.
 *
 * @param value the parsed value (a string, number, boolean, list or map)
 * @param where the place errors name: "file.yaml:3:12", "--set epochs=1e3", "--engine scratch"
 * @param raw the value as written (e.g. "1e3" where the value is 1000.0), or null when unknown
 * @param place where, as a duplicate-key message names it: "line 3", "--set #2 (seed=7)"
 */
public record Given(Object value, String where, String raw, String place) {

  /** A value with no known place: errors name {@code source} alone. */
  public static Given from(String source, Object value) {
    return new Given(value, source, null, source);
  }

  /** The value as given, for messages: the written text, else a short rendering. */
  public String shown() {
    if (value instanceof String s) return "'" + s + "'";
    if (raw != null) return raw;
    return show(value);
  }

  static String show(Object raw) {
    if (raw == null) return "an empty value";
    if (raw instanceof String s) return "'" + s + "'";
    if (raw instanceof java.util.Map<?, ?>) return "a mapping";
    return String.valueOf(raw);
  }
}
