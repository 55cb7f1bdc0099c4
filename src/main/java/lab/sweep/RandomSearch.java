package lab.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.core.UserError;
import lab.spec.Field;
import lab.spec.ValueType;

/**
 * Random search: {@code samples} points drawn from per-key distributions ({@code loguniform(a,
 * b)}, {@code uniform(a, b)}, {@code int(a, b)}, or a list: a uniform choice), each run on every
 * seed.
 *
 * <p>The draws are fixed by this code alone, so that a sweep file gives the same points and job
 * ids on any machine and JVM: each key has its own SplitMix64 stream (the published 64-bit
 * generator of Steele, Lea and Flood), seeded from {@code search_seed} and the key's name;
 * sample i takes the i-th draw of every key's stream. Adding samples therefore keeps the earlier
 * ones, and adding a key leaves the other keys' draws alone. Logarithms and powers use
 * {@link StrictMath}, whose results the Java specification fixes. Drawn reals are rounded to
 * {@value #DIGITS} significant digits (and kept within [a, b]), so that they read well in job ids
 * and tables and are written to sweep.yaml as short decimals that read back to the same bits.
 */
public final class RandomSearch {
  /** Significant digits of a drawn real number. */
  public static final int DIGITS = 4;
  public static final String GRID = "grid";
  public static final String RANDOM = "random";
  public static final int MAX_SAMPLES = 10_000;
  public static final long DEFAULT_SEED = 0;
  /** What a grid key may hold under search: random, for messages. */
  public static final String ALLOWED = "loguniform(a, b) with 0 < a < b, uniform(a, b) with"
      + " a < b, int(a, b) with whole numbers a <= b (inclusive), or a non-empty list of values"
      + " (a uniform choice)";

  private static final Pattern CALL =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*");
  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

  private RandomSearch() {}

  /**
   * How a sweep's points are chosen. For a grid search {@code samples} is 0 and {@code space}
   * holds the grid's lists; for a random search {@code space} holds, per key, a distribution's
   * canonical text ({@code "loguniform(0.001, 1)"}) or a list of choices.
   */
  public record Search(String kind, int samples, long seed, Map<String, Object> space) {
    public boolean random() {
      return RANDOM.equals(kind);
    }

    /** The distribution of a key, or null when the key is a choice from a list (or a grid). */
    public Distribution distribution(String key) {
      return space.get(key) instanceof String s ? Distribution.parse(s) : null;
    }
  }

  /** One of the named distributions over [a, b]. */
  public record Distribution(String name, double a, double b) {
    /** Parses the canonical text written by {@link #toString()}; null if it is none. */
    static Distribution parse(String text) {
      Matcher m = CALL.matcher(text);
      if (!m.matches()) return null;
      String[] args = m.group(2).split(",", -1);
      if (args.length != 2) return null;
      try {
        return new Distribution(m.group(1), Double.parseDouble(args[0].strip()),
            Double.parseDouble(args[1].strip()));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    public boolean logScale() {
      return name.equals("loguniform");
    }

    public boolean whole() {
      return name.equals("int");
    }

    @Override
    public String toString() {
      return name + "(" + Values.show(whole() ? (Object) (long) a : (Object) a) + ", "
          + Values.show(whole() ? (Object) (long) b : (Object) b) + ")";
    }
  }

  /** Whether a key takes one number (a real or a whole number), so a distribution can draw it. */
  public static boolean takesOneNumber(Field field) {
    return field != null
        && (field.type() instanceof ValueType.Real || field.type() instanceof ValueType.Int);
  }

  /** Whether a grid value is written as a distribution ({@code name(...)}) rather than a list. */
  static boolean looksLikeDistribution(Object raw) {
    return raw instanceof String s && CALL.matcher(s).matches();
  }

  /**
   * Checks the distribution {@code raw} for the spec key {@code field}: a known name, numeric
   * bounds in order, both allowed for the key. Returns its canonical text.
   */
  static String checkDistribution(String where, String key, Field field, String raw) {
    String at = where + ": grid." + key + ": '" + raw + "'";
    Matcher m = CALL.matcher(raw);
    if (!m.matches()) {
      throw new UserError(at + " is not allowed; allowed: " + ALLOWED);
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    if (!List.of("loguniform", "uniform", "int").contains(name)) {
      throw new UserError(at + ": unknown distribution " + m.group(1) + "; allowed: " + ALLOWED);
    }
    String[] args = m.group(2).split(",", -1);
    if (args.length != 2 || args[0].isBlank() || args[1].isBlank()) {
      throw new UserError(at + " is not allowed; allowed: " + name + "(a, b), two numbers");
    }
    String sa = args[0].strip();
    String sb = args[1].strip();
    boolean whole = field.type() instanceof ValueType.Int;
    if (!takesOneNumber(field)) {
      throw new UserError(at + ": a distribution needs a key that takes one number, and " + key
          + " takes " + field.type().allowed() + "; give a list of values (a uniform choice)"
          + " instead");
    }
    Distribution d;
    if (name.equals("int")) {
      if (!WHOLE.matcher(sa).matches() || !WHOLE.matcher(sb).matches()) {
        throw new UserError(at + " is not allowed; allowed: int(a, b) with whole numbers"
            + " a <= b");
      }
      long a = parseWhole(at, sa);
      long b = parseWhole(at, sb);
      if (a > b) {
        throw new UserError(at + " is not allowed; allowed: int(a, b) with a <= b");
      }
      d = new Distribution(name, a, b);
    } else {
      if (whole) {
        throw new UserError(at + ": " + key + " takes whole numbers; allowed: int(a, b) or a"
            + " list of values");
      }
      double a = parseReal(at, sa, name);
      double b = parseReal(at, sb, name);
      if (name.equals("loguniform") && !(a > 0 && a < b)) {
        throw new UserError(at + " is not allowed; allowed: loguniform(a, b) with 0 < a < b");
      }
      if (!(a < b)) {
        throw new UserError(at + " is not allowed; allowed: uniform(a, b) with a < b");
      }
      d = new Distribution(name, a, b);
    }
    for (double bound : new double[] {d.a(), d.b()}) {
      Object asGiven = d.whole() ? (Object) (long) bound : (Object) bound;
      if (field.type().check(asGiven) == null) {
        throw new UserError(at + ": its bound " + Values.show(asGiven) + " is not allowed for "
            + key + "; allowed: " + field.type().allowed());
      }
    }
    return d.toString();
  }

  private static long parseWhole(String at, String s) {
    try {
      return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      throw new UserError(at + " is not allowed; allowed: int(a, b) with whole numbers a <= b");
    }
  }

  private static double parseReal(String at, String s, String name) {
    try {
      double v = Double.parseDouble(s);
      if (Double.isFinite(v)) return v;
    } catch (NumberFormatException e) {
      // below
    }
    throw new UserError(at + " is not allowed; allowed: " + name + "(a, b) with numbers a < b");
  }

  /**
   * The {@code samples} points of a random search, each a map of the space's keys (in order) to
   * the drawn value, checked by the key's type.
   */
  static List<Map<String, Object>> draw(Search search, Map<String, Field> fields) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < search.samples(); i++) points.add(new LinkedHashMap<>());
    for (Map.Entry<String, Object> e : search.space().entrySet()) {
      String key = e.getKey();
      SplitMix64 rng = new SplitMix64(streamSeed(search.seed(), key));
      Distribution d = search.distribution(key);
      ValueType type = fields.get(key).type();
      for (Map<String, Object> point : points) {
        Object v;
        if (d == null) {
          List<?> choices = (List<?>) e.getValue();
          v = choices.get((int) rng.below(choices.size()));
        } else {
          v = type.check(sample(d, rng));
        }
        point.put(key, v);
      }
    }
    return points;
  }

  /** One draw: a Long for int(a, b), a Double otherwise. */
  static Object sample(Distribution d, SplitMix64 rng) {
    if (d.whole()) {
      long a = (long) d.a();
      long b = (long) d.b();
      return a + rng.below(b - a + 1);
    }
    double u = rng.nextDouble();
    double v;
    if (d.logScale()) {
      double la = StrictMath.log(d.a());
      double lb = StrictMath.log(d.b());
      v = StrictMath.exp(la + u * (lb - la));
    } else {
      v = d.a() + u * (d.b() - d.a());
    }
    return Math.min(d.b(), Math.max(d.a(), round(v)));
  }

  /** {@code v} to {@value #DIGITS} significant digits, half to even; exact decimal arithmetic. */
  static double round(double v) {
    if (v == 0) return 0;
    BigDecimal r = new BigDecimal(v).round(new MathContext(DIGITS, RoundingMode.HALF_EVEN));
    return Double.parseDouble(r.toString());
  }

  /** The seed of a key's stream: the search seed mixed with an FNV-1a hash of the key's name. */
  static long streamSeed(long searchSeed, String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return SplitMix64.mix(searchSeed) ^ h;
  }

  /** SplitMix64: a 64-bit state advanced by a constant, each output a mix of the state. */
  static final class SplitMix64 {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    private long state;

    SplitMix64(long seed) {
      this.state = seed;
    }

    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }

    long nextLong() {
      state += GOLDEN;
      return mix(state);
    }

    /** Uniform in [0, 1): the top 53 bits. */
    double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n), n >= 1, without modulo bias (draws again above the last full range). */
    long below(long n) {
      long limit = Long.MAX_VALUE - Long.remainderUnsigned(Long.MAX_VALUE, n);
      while (true) {
        long r = nextLong() >>> 1;
        if (r < limit) return r % n;
      }
    }
  }
}
