package lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ./lab keys wraps to the terminal's width (COLUMNS), 100 when unknown. */
class KeysTableTest {
  @Test
  void widthComesFromColumns() {
    assertEquals(100, KeysTable.width(null));
    assertEquals(100, KeysTable.width("wide"));
    assertEquals(72, KeysTable.width("72"));
    assertEquals(60, KeysTable.width("5"));
  }

  @Test
  void everyLineFitsTheWidthAndKeepsItsWords() {
    for (int width : new int[] {60, 80, 100, 160}) {
      String text = KeysTable.text(KeysTable.select(null), width);
      for (String line : text.lines().toList()) {
        assertTrue(line.length() <= width, width + ": " + line);
      }
      // wrapping only moves words: the description of engine is all there
      assertTrue(text.replaceAll("\\s+", " ").contains("the hand-written engine (lab.scratch)"),
          text);
    }
  }

  @Test
  void prefixSelectsBlocksOrKeysHoldingIt() {
    assertEquals(6, KeysTable.select("optimizer").size());
    assertEquals(6, KeysTable.select("optimizer.").size());
    assertEquals(1, KeysTable.select("lr").size());
    assertTrue(KeysTable.select("data.").stream().allMatch(f -> f.key().startsWith("data.")));
  }
}
