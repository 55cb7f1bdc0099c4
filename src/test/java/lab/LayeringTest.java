package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages are layered in one direction (docs/architecture.md): a package may use only
 * packages of a lower layer. Read from the sources (imports and qualified names in code, not in
 * comments or strings), so a cycle or an upward use fails here before it lands.
 */
class LayeringTest {
  /** Each package of lab and its layer: higher layers use lower ones, never the reverse. */
  static final Map<String, Integer> LAYERS = Map.ofEntries(
      Map.entry("core", 0),
      Map.entry("spec", 1),
      Map.entry("results", 2),
      Map.entry("chart", 3),
      Map.entry("data", 4),
      Map.entry("mnist", 5),
      Map.entry("net", 6),
      Map.entry("fast", 7),
      Map.entry("train", 7),
      Map.entry("scratch", 8),
      Map.entry("experiment", 9),
      Map.entry("sweep", 10),
      Map.entry("trace", 10),
      Map.entry("bench", 11),
      Map.entry("spark", 11),
      Map.entry("ui", 12),
      Map.entry("cli", 13));

  private static final Pattern USE = Pattern.compile("\\blab\\.([a-z]+)\\.[A-Za-z]");
  private static final Pattern PACKAGE = Pattern.compile("^package lab\\.([a-z]+);", Pattern.MULTILINE);

  @Test
  void everyPackageUsesOnlyLowerLayers() {
    List<String> violations = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Path file : sources()) {
      String code = read(file);
      Matcher p = PACKAGE.matcher(code);
      assertTrue(p.find(), file + ": no package lab.X declaration");
      String from = p.group(1);
      seen.add(from);
      assertTrue(LAYERS.containsKey(from), file + ": package lab." + from + " has no layer here");
      Matcher m = USE.matcher(withoutCommentsAndStrings(code));
      while (m.find()) {
        String to = m.group(1);
        if (to.equals(from)) continue;
        Integer layer = LAYERS.get(to);
        if (layer == null || layer >= LAYERS.get(from)) {
          violations.add(file + ": lab." + from + " uses lab." + to);
        }
      }
    }
    assertEquals(List.of(), violations);
    assertEquals(new TreeSet<>(LAYERS.keySet()), seen, "packages with a layer and no source");
  }

  @Test
  void theCheckSeesAnUpwardUseAndIgnoresComments() {
    String code = "package lab.net;\n// lab.cli.Main in a comment\nString s = \"lab.cli.Main\";\n"
        + "/* lab.cli.Main */ int x = lab.cli.Main.USER_ERROR;\n";
    Matcher m = USE.matcher(withoutCommentsAndStrings(code));
    List<String> found = new ArrayList<>();
    while (m.find()) found.add(m.group(1));
    assertEquals(List.of("cli"), found);
  }

  /** Blanks out comments and string and char literals, keeping the code's other characters. */
  static String withoutCommentsAndStrings(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (code.startsWith("//", i)) {
        while (i < code.length() && code.charAt(i) != '\n') i++;
      } else if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        i = end < 0 ? code.length() : end + 2;
        out.append(' ');
      } else if (code.startsWith("\"\"\"", i)) {
        int end = code.indexOf("\"\"\"", i + 3);
        i = end < 0 ? code.length() : end + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < code.length() && code.charAt(i) != c) i += code.charAt(i) == '\\' ? 2 : 1;
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static List<Path> sources() {
    List<Path> files = new ArrayList<>();
    for (String root : List.of("src/main/java", "src/cpu/java", "src/spark/java")) {
      Path dir = Path.of(root);
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertTrue(files.size() > 50, "the sources were not found from " + Path.of("").toAbsolutePath());
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
