package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored run whose metrics.csv is readable text but damaged (a word for a header, NaN or
 * Infinity in a row, a number too large for a double): ./lab charts and ./lab compare say which
 * file and line in one line, exit 2, where they used to stop with XChart's or a lookup's stack
 * trace (an audit's findings).
 */
class DamagedStoredFilesTest {

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  @Test
  void damagedMetricsAreOneLineNamingTheFileAndLine(@TempDir Path results) throws IOException {
    Path good = TestSpecs.projectDir().resolve("results/xor-2-2-1-adam");
    copy(good, results.resolve("good"));
    int rows = Files.readAllLines(good.resolve("metrics.csv")).size();
    Map<String, UnaryOperator<String>> damages = new LinkedHashMap<>();
    damages.put("metrics.csv:1: 'garbage' is not a metrics header", t -> "garbage\n");
    damages.put("metrics.csv:" + (rows + 1) + ": 'NaN' is not a finite number",
        t -> t + "25,NaN,Infinity\n");
    damages.put("metrics.csv:" + (rows + 1) + ": 'Infinity' is not a finite number",
        t -> t + "25,1.0,Infinity\n");
    damages.put("metrics.csv:" + (rows + 1) + ": '1e400' is not a finite number",
        t -> t + "1e400,1,1\n");
    damages.put("metrics.csv:" + (rows + 1) + ": epoch '2.5' is not a whole number",
        t -> t + "2.5,1,1\n");
    int k = 0;
    for (var d : damages.entrySet()) {
      String name = "damaged" + k++;
      Path dir = results.resolve(name);
      copy(good, dir);
      Files.writeString(dir.resolve("metrics.csv"),
          d.getValue().apply(Files.readString(dir.resolve("metrics.csv"))));
      for (String[] args : new String[][] {
          {"charts", name, "--results", results.toString()},
          {"compare", "good", name, "--results", results.toString()}}) {
        LabCli.Result r = LabCli.run(args);
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + dir.resolve(d.getKey())), r.err());
      }
    }
  }
}
