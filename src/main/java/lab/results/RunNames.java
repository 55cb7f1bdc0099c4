package lab.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder names of runs with overrides: {@code NAME@KEY=VALUE,KEY=VALUE} (keys sorted), so a
 * run with {@code --set} never replaces the reference result {@code results/NAME/}. The names are
 * stable (the same overrides, in any order and any spelling of the same value, give the same
 * name) and safe as folder names on Linux, macOS and Windows: only letters, digits and
 * {@code . _ - + = ,}; a value with other characters, or a suffix longer than {@value #MAX}
 * characters, is shortened and given a hash of the full text.
 */
public final class RunNames {
  /** Separates the experiment's name from the overrides. */
  public static final char AT = '@';
  static final int MAX = 60;
  private static final int KEEP = 40;

  private RunNames() {}

  /** {@code base@k=v,...} for the overrides (canonical values by key), or {@code base}. */
  public static String folder(String base, Map<String, Object> overrides) {
    return overrides.isEmpty() ? base : base + AT + suffix(overrides);
  }

  /** The overrides as folder-safe text: sorted {@code key=value} joined by commas. */
  static String suffix(Map<String, Object> overrides) {
    StringBuilder full = new StringBuilder();
    new TreeMap<>(overrides).forEach((k, v) -> {
      if (full.length() > 0) full.append(',');
      full.append(k).append('=').append(text(v));
    });
    String text = full.toString();
    String safe = text.replaceAll("[^a-z0-9._+=,-]", "_");
    boolean lossy = !safe.equals(text) || safe.endsWith(".");
    if (!lossy && safe.length() <= MAX) return safe;
    String kept = safe.substring(0, Math.min(KEEP, safe.length()));
    return kept + "_" + sha(text).substring(0, 8);
  }

  /** A value as short stable text: 0.1, 1e-05, 4-4 for [4, 4], none for []. */
  static String text(Object v) {
    if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
      return String.valueOf(d).replace("E", "e");
    }
    if (v instanceof List<?> list) {
      if (list.isEmpty()) return "none";
      List<String> parts = new ArrayList<>();
      for (Object o : list) parts.add(text(o));
      return String.join("-", parts);
    }
    return String.valueOf(v);
  }

  /** The experiment name a folder name starts with: {@code xor-3hidden} of xor-3hidden@seed=7. */
  public static String baseOf(String folder) {
    int at = folder.indexOf(AT);
    return at < 0 ? folder : folder.substring(0, at);
  }

  /** The overrides part of a folder name, or "" for a reference result. */
  public static String overridesOf(String folder) {
    int at = folder.indexOf(AT);
    return at < 0 ? "" : folder.substring(at + 1);
  }

  /**
   * The result folders under {@code root} of runs of {@code name} with overrides or another
   * engine: {@code name@...}, {@code name-ENGINE} and {@code name-ENGINE@...}; sorted.
   */
  public static List<Path> variants(Path root, String name, List<String> engines) {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("summary.json")))
          .filter(p -> {
            String f = p.getFileName().toString();
            String base = baseOf(f);
            if (base.equals(name)) return !f.equals(name);
            return engines.stream().anyMatch(e -> base.equals(name + "-" + e));
          })
          .sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String sha(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
