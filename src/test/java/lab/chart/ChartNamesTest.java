package lab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartNamesTest {

  @Test
  void namesAreLowerCaseWithPartsJoinedByTwoDashes() {
    assertEquals("final-loss-vs-lr--hidden-2-2-2.png",
        ChartNames.png("final-loss-vs-lr", "hidden-[2,2,2]"));
    assertEquals("success-rate--optimizer-adam--lr-0.01.png",
        ChartNames.png("success-rate", "Optimizer=ADAM", "lr:0.01"));
    assertEquals("final-loss-strip.png", ChartNames.png("final-loss-strip", ""));
    String name = ChartNames.png("a_b", "x=[1, 2]", "c,d");
    assertTrue(name.matches("[a-z0-9.-]+"), name);
  }

  @Test
  void sweptKeysShortenToTheirTellingSegment() {
    assertEquals("hidden", ChartNames.key("model.hidden"));
    assertEquals("optimizer", ChartNames.key("optimizer.name"));
    assertEquals("lr", ChartNames.key("optimizer.lr"));
    assertEquals("seed", ChartNames.key("seed"));
  }

  @Test
  void removesOnlyTheFilesThatMatch(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("final-loss-vs-lr-model.hidden=_2_2_2_.png"), "old");
    Files.writeString(dir.resolve("notes.md"), "mine");
    Files.writeString(dir.resolve("my-figure.png"), "mine");
    List<String> removed = ChartNames.removeGenerated(dir,
        Pattern.compile("final-loss[A-Za-z0-9._=,\\[\\]-]*\\.png"));
    assertEquals(List.of("final-loss-vs-lr-model.hidden=_2_2_2_.png"), removed);
    assertFalse(Files.exists(dir.resolve("final-loss-vs-lr-model.hidden=_2_2_2_.png")));
    assertTrue(Files.exists(dir.resolve("notes.md")));
    assertTrue(Files.exists(dir.resolve("my-figure.png")));
  }
}
