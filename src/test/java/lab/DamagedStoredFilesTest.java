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

  /**
   * A summary.json that is JSON but whose parameters or spec are damaged (the audit's cases): ./lab
   * charts and ./lab report name the file and the entry in one line, exit 2 (ClassCastException,
   * NullPointerException and ArrayIndexOutOfBoundsException before).
   */
  @Test
  void damagedParametersInTheSummaryAreOneLine(@TempDir Path results) throws IOException {
    Path good = TestSpecs.projectDir().resolve("results/xor-2-2-1-adam");
    String summary = Files.readString(good.resolve("summary.json"));
    Map<String, UnaryOperator<String>> damages = new LinkedHashMap<>();
    damages.put("parameters: not a list of layers",
        t -> t.replaceFirst("\"parameters\" *: *\\[", "\"parameters\": \"bad\", \"was\": ["));
    damages.put("parameters[0].b: not a list of numbers",
        t -> t.replaceFirst("\"b\" *: *\\[[^\\]]*\\]", "\"b\": null"));
    damages.put("parameters[0].W: not a list of 2 rows (the layer's inputs)",
        t -> t.replaceFirst("\"W\" *: *\\[ *\\[[^\\]]*\\] *, *\\[[^\\]]*\\] *\\]",
            "\"W\": [[1.0]]"));
    damages.put("parameters[0].W[0][0]: x is not a finite number",
        t -> t.replaceFirst("\"W\" *: *\\[ *\\[ *[-0-9.eE]+", "\"W\": [[\"x\""));
    damages.put("spec.model: no activation and output names",
        t -> t.replaceFirst("\"activation\" *: *\"sigmoid\"", "\"activation\": 5"));
    int k = 0;
    for (var d : damages.entrySet()) {
      String name = "s" + k++;
      Path dir = results.resolve(name);
      copy(good, dir);
      String damaged = d.getValue().apply(summary);
      assertTrue(!damaged.equals(summary), "the edit changed nothing: " + d.getKey());
      Files.writeString(dir.resolve("summary.json"), damaged);
      LabCli.Result r = LabCli.run("charts", name, "--results", results.toString());
      assertEquals(2, r.code(), d.getKey() + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: " + dir.resolve("summary.json") + ": " + d.getKey()),
          r.err());
      if (d.getKey().startsWith("spec")) continue; // the dashboard reads the spec as text
      Path out = results.resolve(name + ".html");
      LabCli.Result rep = LabCli.run("report", name, "--results", results.toString(), "--out",
          out.toString());
      assertEquals(2, rep.code(), d.getKey() + ": " + rep.err());
      assertTrue(rep.err().contains(dir.resolve("summary.json") + ": " + d.getKey()), rep.err());
      assertEquals(1, rep.err().strip().lines().count(), rep.err());
    }
  }
}
