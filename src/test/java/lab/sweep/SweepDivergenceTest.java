package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job whose loss blows up is recorded as diverged and the sweep carries on to the end. */
class SweepDivergenceTest {

  @Test
  void divergedJobIsRecordedAndTheSweepCompletes(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "diverging", SweepTestFiles.diverging(1));
    SweepTestFiles.Outcome o =
        SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("[1/2]") && o.out().contains("[2/2]"), o.out());
    assertTrue(o.out().contains("diverged at epoch"), o.out());

    Path sweepDir = dir.resolve("sweeps/diverging");
    List<String> rows = Files.readAllLines(sweepDir.resolve("runs.csv"));
    assertEquals(3, rows.size());
    String header = rows.get(0);
    List<String> cols = SweepTestFiles.cells(header);
    String[] lr50 = SweepTestFiles.cells(rows.get(1)).toArray(String[]::new);
    String[] lrSmall = SweepTestFiles.cells(rows.get(2)).toArray(String[]::new);
    assertEquals("true", lr50[cols.indexOf("diverged")]);
    assertEquals("false", lr50[cols.indexOf("success")]);
    assertEquals("", lr50[cols.indexOf("final_train_loss")]);
    assertEquals("false", lrSmall[cols.indexOf("diverged")]);
    assertTrue(Double.parseDouble(lrSmall[cols.indexOf("final_train_loss")]) > 0);

    Sweep sweep = SweepLoader.load(sweepDir.resolve("sweep.yaml"));
    Map<String, Object> s = Json.read(sweepDir.resolve("runs")
        .resolve(sweep.jobs().get(0).id()).resolve("summary.json"));
    assertEquals(true, s.get("diverged"));
    assertTrue(((Number) s.get("diverged_epoch")).intValue() <= 30);
    String md = Files.readString(sweepDir.resolve("summary.md"));
    assertTrue(md.contains("| optimizer.lr=50 | 0/1 [0.00, 0.79] | 1 |"), md);
  }
}
