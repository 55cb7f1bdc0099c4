package lab.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/**
 * Chart file names: lower case, only a-z, 0-9, '.' and '-', the parts of a name joined by "--",
 * e.g. final-loss-vs-lr--hidden-2-2-2.png.
 */
public final class ChartNames {
  private ChartNames() {}

  /** The parts made safe and joined by "--", with ".png" appended; empty parts are dropped. */
  public static String png(String... parts) {
    return Arrays.stream(parts).map(ChartNames::slug).filter(s -> !s.isEmpty())
        .collect(Collectors.joining("--")) + ".png";
  }

  /** Lower case; every run of other characters one '-'; no '-' or '.' at either end. */
  public static String slug(String part) {
    String s = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
    return s.replaceAll("^[-.]+|[-.]+$", "");
  }

  /**
   * A swept key as a name part: its last dotted segment (model.hidden: hidden), or its first
   * where the last says nothing (optimizer.name: optimizer).
   */
  public static String key(String key) {
    String[] segments = key.split("\\.");
    String last = segments[segments.length - 1];
    return last.equals("name") && segments.length > 1 ? segments[0] : last;
  }

  /**
   * Deletes the files directly in {@code dir} whose whole name matches {@code generated} (the
   * names a chart drawer writes or once wrote), so that a redraw leaves no stale chart behind;
   * anything else there stays. Returns the names deleted.
   */
  public static List<String> removeGenerated(Path dir, Pattern generated) {
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) return removed;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (generated.matcher(name).matches()) {
          Files.delete(f);
          removed.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }
}
