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
    String rate = "[0-3]/[23] \\[[01]\\.\\d\\d, [01]\\.\\d\\d\\]";
    for (String row : rows) {
      // success k/N [interval] and median loss per sweep, then b's p-values against a
      assertTrue(row.matches("\\| optimizer.name=\\w+ \\| " + rate + " \\| \\S+ \\| " + rate
          + " \\| \\S+ \\| [-0-9.e]+( \\*)? \\| [-0-9.e]+( \\*)? \\|"), row);
    }
    assertTrue(Files.readString(md).contains("after Holm's correction"));
    assertTrue(Files.size(dir.resolve("sweeps/compare-a-vs-b.png")) > 0);

    // Within one sweep: sgd against adam, tested.
    o = SweepTestFiles.lab("compare", "b", "--by", "optimizer.name", "--results", dir.toString());
    assertEquals(0, o.code(), o.err());
    List<String> byRows = Files.readAllLines(dir.resolve("sweeps/compare-b-by-optimizer.md"))
        .stream().filter(l -> l.startsWith("| ") && !l.startsWith("| point")).toList();
    assertEquals(1, byRows.size(), String.join("\n", byRows));
    assertTrue(byRows.get(0).matches("\\| \\(base\\) \\| " + rate + " \\| \\S+ \\| " + rate
        + " \\| \\S+ \\| [-0-9.e]+( \\*)? \\| [-0-9.e]+( \\*)? \\|"), byRows.get(0));
    assertTrue(Files.size(dir.resolve("sweeps/compare-b-by-optimizer.png")) > 0);
    SweepTestFiles.Outcome bad = SweepTestFiles.lab("compare", "b", "--by", "epochs",
        "--results", dir.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--by epochs: not a swept key of b; allowed: optimizer.name"),
        bad.err());
    assertEquals(2, SweepTestFiles.lab("compare", "a", "nothing", "--results", dir.toString())
        .code());

    // A folder where the table goes (an older version let a sweep be named so) is refused before
    // anything is written: the chart of the last compare stays as it was.
    Path png = dir.resolve("sweeps/compare-a-vs-b.png");
    byte[] before = Files.readAllBytes(png);
    Files.delete(md);
    Files.createDirectories(md.resolve("runs"));
    SweepTestFiles.Outcome taken = SweepTestFiles.lab("compare", "a", "b", "--results",
        dir.toString());
    assertEquals(2, taken.code(), taken.err());
    assertEquals("error: " + md + ": not a file (compare writes its md there); move it away or"
        + " rename it, then compare again", taken.err().strip());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(png)));
  }
}
