package lab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import lab.LabCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored CSV file whose text is readable but whose rows are damaged (a cell missing, a word
 * where a number belongs, a confusion table a row short): ./lab report names the file, the line
 * and the cell in one line, exits 2 and writes nothing, where it used to leave the row out and
 * draw the rest. Only a live progress file's last line, which may be half written, is left out.
 */
class UiDamagedRowsTest {
  private record Damage(String report, String file, UnaryOperator<String> edit, String message) {}

  private static final List<Damage> DAMAGES = List.of(
      new Damage("xor-a", "xor-a/metrics.csv",
          t -> t.replaceFirst("\n20,", "\n20,abc,"), "line 4: 4 cells where the header has 3"),
      new Damage("xor-a", "xor-a/metrics.csv",
          t -> t.replaceFirst("\n20,[^,\n]*,", "\n20,0.2x,"), "line 4: '0.2x' is not a number"),
      new Damage("xor-a", "xor-a/metrics.csv",
          t -> t.replaceFirst("\n20,", "\n,"), "line 4: no epoch"),
      new Damage("sweeps/sw", "sweeps/sw/runs.csv",
          t -> t.replaceFirst(",0\\.1\n", "\n"), "line 2: 9 cells where the header has 10"),
      new Damage("sweeps/sw", "sweeps/sw/runs.csv",
          t -> t.replaceFirst(",true,false,", ",yes,false,"),
          "' where true or false belongs"),
      new Damage("sweeps/sw", "sweeps/sw/runs.csv",
          t -> t.replaceFirst(",0\\.1\n", "," + "x".repeat(50) + "\n"),
          "line 2: '" + "x".repeat(40) + "...' is not a number"),
      new Damage("mnist-small", "mnist-small/confusion.csv",
          t -> t.replace("1,1,8,1", "1,1,x,1"), "line 3: 'x' is not a number"),
      new Damage("mnist-small", "mnist-small/confusion.csv",
          t -> t.replace("1,1,8,1", "1,1,8.5,1"), "line 3: '8.5' is not a count"),
      new Damage("mnist-small", "mnist-small/confusion.csv",
          t -> t.replace("2,2,1,7\n", ""), "2 rows where the header has 3 classes"),
      new Damage("noisy", "noisy/train.csv",
          t -> t.replaceFirst("\n0\\.1,", "\n"), "line 3: 2 cells where the header has 3"));

  @Test
  void aDamagedRowIsNamedWithItsLineAndNothingIsWritten(@TempDir Path base) throws IOException {
    for (Damage d : DAMAGES) {
      Path root = UiFixture.create(base.resolve("case" + DAMAGES.indexOf(d)));
      Path file = root.resolve(d.file());
      String before = Files.readString(file);
      String after = d.edit().apply(before);
      assertFalse(after.equals(before), "the edit changed nothing: " + d);
      Files.writeString(file, after);
      Path out = base.resolve("report.html");
      LabCli.Result r = LabCli.run("report", d.report(), "--results", root.toString(), "--out",
          out.toString());
      assertEquals(2, r.code(), d + ": " + r.err());
      assertTrue(r.err().startsWith("error: " + file + ": "), r.err());
      assertTrue(r.err().contains(d.message()), d.message() + " in " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(Files.exists(out), "nothing written for " + d);
    }
  }

  @Test
  void onlyALiveFilesLastLineMayBeCutShort(@TempDir Path base) throws IOException {
    Path root = UiFixture.create(base);
    Path dir = UiFixture.startLive(root, "xor-live", 3);
    Path progress = dir.resolve(lab.results.LiveProgress.FILE);
    Files.writeString(progress, "30,0.2", java.nio.file.StandardOpenOption.APPEND);
    Map<String, Object> live = RunData.metrics(progress, true);
    assertEquals(3, ((List<?>) live.get("rows")).size(), "the half-written row is left out");
    Unreadable stored = assertThrows(Unreadable.class, () -> RunData.metrics(progress, false));
    assertTrue(stored.getMessage().endsWith("line 5: 2 cells where the header has 3"),
        stored.getMessage());
    Files.writeString(progress, ",1.0\n40,0.1,1.0\n", java.nio.file.StandardOpenOption.APPEND);
    assertEquals(5, ((List<?>) RunData.metrics(progress, true).get("rows")).size());
    Files.writeString(progress, "50,0.1\n60,0.1,1.0\n", java.nio.file.StandardOpenOption.APPEND);
    Unreadable middle = assertThrows(Unreadable.class, () -> RunData.metrics(progress, true));
    assertTrue(middle.getMessage().endsWith("line 7: 2 cells where the header has 3"),
        middle.getMessage());
  }
}
