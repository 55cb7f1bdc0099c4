package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicate keys in sweep files (issue 15.2): in the sweep's own keys, in set:, in grid: and in
 * an inline spec:, literal or dotted against nested; ./lab sweep exits 2 with one line naming the
 * file, the key and both lines, and runs nothing.
 */
class SweepDuplicateKeysTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "seeds: 2| seeds: 2\\nseeds: 3| seeds is given twice: line 11 and line 12",
      "set: {optimizer.lr: 0.1}| set: {optimizer.lr: 0.1, optimizer: {lr: 0.5}}"
          + "| set.optimizer.lr is given twice: line 10 (optimizer.lr) and line 10 (in the"
          + " optimizer block)",
      "set: {optimizer.lr: 0.1}| set: {optimizer.lr: 0.1}\\nset: {epochs: 5}"
          + "| the block set is given twice: line 10 and line 11",
      "  optimizer.name: [sgd, adam]|   optimizer.name: [sgd, adam]\\n  optimizer: {name: [sgd]}"
          + "| grid.optimizer.name is given twice: line 9 (optimizer.name) and line 10 (in the"
          + " optimizer block)",
      "  model: {hidden: [2]}|   model: {hidden: [2]}\\n  model.hidden: [3]"
          + "| spec.model.hidden is given twice: line 4 (in the model block) and line 5 (model.hidden)",
  })
  void duplicatesAreRejectedWithBothLines(String from, String to, String expected,
      @TempDir Path dir) {
    String yaml = SweepTestFiles.TINY.replace(from, to.replace("\\n", "\n"));
    Path file = SweepTestFiles.write(dir, "dup", yaml);
    SweepTestFiles.Outcome o =
        SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString());
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains(file.toString()), o.err());
    assertTrue(o.err().contains(expected.strip()), o.err());
    assertFalse(Files.exists(dir.resolve("sweeps")), "nothing run");
  }
}
