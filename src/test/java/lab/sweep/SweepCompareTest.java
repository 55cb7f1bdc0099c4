package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./lab compare lines up the same recipes of two sweeps run on different seeds. */
class SweepCompareTest {

  @Test
  void sameRecipesOnOtherSeedsShareARow(@TempDir Path dir) throws Exception {
    Path a = SweepTestFiles.write(dir, "a", SweepTestFiles.TINY.replace("name: tiny", "name: a"));
    Path b = SweepTestFiles.write(dir, "b", SweepTestFiles.TINY.replace("name: tiny", "name: b")
        .replace("seeds: 2", "seeds: [2, 3, 4]"));
    for (Path f : List.of(a, b)) {
      assertEquals(0, SweepTestFiles.lab("sweep", f.toString(), "--results", dir.toString())
          .code());
    }
    SweepTestFiles.Outcome o = SweepTestFiles.lab("compare", "a", "b", "--results",
        dir.toString());
    assertEquals(0, o.code(), o.err());
    Path md = dir.resolve("sweeps/compare-a-vs-b.md");
    assertEquals(o.out().lines().filter(l -> l.startsWith("|")).toList(),
        Files.readAllLines(md).stream().filter(l -> l.startsWith("|")).toList());
    List<String> rows = Files.readAllLines(md).stream()
        .filter(l -> l.startsWith("| optimizer.name=")).toList();
    assertEquals(2, rows.size(), String.join("\n", rows));
    for (String row : rows) {
      assertTrue(row.matches("\\| optimizer.name=\\w+ \\| [0-2]/2 \\| \\S+ \\| [0-3]/3 \\| \\S+ \\|"),
          row);
    }
    assertTrue(Files.size(dir.resolve("sweeps/compare-a-vs-b.png")) > 0);
    assertEquals(2, SweepTestFiles.lab("compare", "a", "nothing", "--results", dir.toString())
        .code());
  }
}
