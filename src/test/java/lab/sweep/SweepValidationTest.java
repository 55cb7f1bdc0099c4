package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import lab.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad sweep is rejected before anything runs, with one line naming file, key, value, allowed. */
class SweepValidationTest {

  private static String reject(String from, String to) {
    String yaml = SweepTestFiles.TINY.replace(from, to);
    UserError e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(yaml));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith("test-sweep.yaml"), e.getMessage());
    return e.getMessage();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // what is replaced | by what | expected in the message
      "optimizer.name: [sgd, adam] | optimizer.rate: [0.1] | grid.optimizer.rate: unknown spec key",
      "optimizer.name: [sgd, adam] | optimizer.lr: [0.1, -1] | grid.optimizer.lr: -1 is not allowed; allowed: a number > 0",
      "optimizer.name: [sgd, adam] | optimizer.name: [sgd, lbfgs] | grid.optimizer.name: 'lbfgs' is not allowed; allowed: one of adagrad, adam",
      "optimizer.name: [sgd, adam] | optimizer.name: [] | grid.optimizer.name: an empty list is not allowed; allowed: a non-empty list",
      "optimizer.name: [sgd, adam] | model.hidden: [[2], [0]] | grid.model.hidden: [0] is not allowed; allowed: a list of",
      "optimizer.name: [sgd, adam] | optimizer.name: [sgd, sgd] | grid.optimizer.name: 'sgd' is listed twice",
      "optimizer.name: [sgd, adam] | seed: [1, 2] | grid.seed: cannot be set by a sweep",
      "optimizer.name: [sgd, adam] | loss: [bce, cross-entropy] | loss: cross-entropy needs model.output softmax",
      "seeds: 2 | seeds: 0 | seeds: 0 is not allowed; allowed: a count N from 1",
      "seeds: 2 | seeds: [] | seeds: an empty list is not allowed",
      "seeds: 2 | seeds: [1, 1] | seeds: 1 is listed twice; allowed: distinct whole numbers",
      "seeds: 2 | description: no seeds | seeds: missing; required: a count N",
      "success: {train_accuracy: 1.0, max_final_train_loss: 0.05} | description: x | success: missing; required",
      "optimizer.name: [sgd, adam] | '{}' | grid: an empty mapping is not allowed; allowed: a non-empty mapping",
      "set: {optimizer.lr: 0.1} | set: {optimizer.name: sgd} | grid.optimizer.name: also under set:; allowed: a key in one of them",
      "seeds: 2 | repeats: 2 | repeats: unknown key; allowed keys: name, description",
      "target_loss: 0.69 | target_loss: -1 | target_loss: -1 is not allowed",
      "success: {train_accuracy: 1.0, max_final_train_loss: 0.05} | success: {accuracy: 1} | success.accuracy: unknown key",
      "success: {train_accuracy: 1.0, max_final_train_loss: 0.05} | success: {train_accuracy: 2} | success.train_accuracy: 2 is not allowed; allowed: a number from 0 to 1",
      "set: {optimizer.lr: 0.1} | set: {optimizer.lr: 0} | set.optimizer.lr: 0 is not allowed",
      "name: tiny | name: ../escape | name: '../escape' is not allowed",
      // compare writes compare-<a>-vs-<b>.md/.png beside the sweeps' folders
      "name: tiny | name: compare-a-vs-b.md | name: 'compare-a-vs-b.md' is not allowed; allowed: a name of letters, digits, '.', '_' and '-' (a folder name; not ending in '.', not con, prn, aux, nul, com0-9 or lpt0-9, not ending in .md or .png, the files ./lab compare writes in results/sweeps/)",
      "name: tiny | name: x.PNG | name: 'x.PNG' is not allowed",
      // did you mean: the spec's hint, for grid, set, top-level and success keys
      "optimizer.name: [sgd, adam] | optimizer.lrr: [0.1] | grid.optimizer.lrr: unknown spec key (did you mean optimizer.lr?); near: optimizer.lr",
      "optimizer.name: [sgd, adam] | lr: [0.1, 1] | grid.lr: unknown spec key (did you mean optimizer.lr?)",
      "set: {optimizer.lr: 0.1} | set: {epoch: 5} | set.epoch: unknown spec key (did you mean epochs?)",
      "seeds: 2 | seed: 2 | seed: unknown key (did you mean seeds?); allowed keys: name",
      "success: {train_accuracy: 1.0, max_final_train_loss: 0.05} | success: {val_accuracy: 0.9} | success.val_accuracy: unknown key (did you mean valid_accuracy?)",
      // an accuracy the experiment does not measure would fail every job silently
      "success: {train_accuracy: 1.0, max_final_train_loss: 0.05} | success: {valid_accuracy: 0.9} | success.valid_accuracy: experiment xor measures no valid accuracy; allowed for it: train_accuracy, max_final_train_loss",
  })
  void rejectsWithOneLine(String from, String to, String expected) {
    assertTrue(reject(from, to).contains(expected), reject(from, to));
  }

  /** A sweep of more jobs than fit is refused before any job is expanded, grid or random. */
  @Test
  void tooManyJobsAreRefusedUpFront() {
    String grid = SweepTestFiles.TINY.replace("seeds: 2", "seeds: 10000")
        .replace("optimizer.name: [sgd, adam]", "optimizer.name: [sgd, adam]\n  epochs: "
            + java.util.stream.IntStream.rangeClosed(1, 6).boxed().toList());
    UserError e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(grid));
    assertEquals("test-sweep.yaml: 120000 jobs (optimizer.name 2 x epochs 6 x seeds 10000);"
        + " allowed: at most 100000 jobs in one sweep; list fewer values or seeds, or split the"
        + " sweep", e.getMessage());
    String random = SweepTestFiles.TINY.replace("seeds: 2", "seeds: 11\nsearch: random\n"
        + "samples: 10000").replace("optimizer.name: [sgd, adam]",
            "epochs: int(1, 5)");
    e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(random));
    assertTrue(e.getMessage().startsWith(
        "test-sweep.yaml: 110000 jobs (samples 10000 x seeds 11)"), e.getMessage());
    // At the limit a sweep still expands: 10 x 10000 jobs.
    String atLimit = SweepTestFiles.TINY.replace("seeds: 2", "seeds: 10000")
        .replace("optimizer.name: [sgd, adam]",
            "optimizer.name: [sgd, adam]\n  epochs: [1, 2, 3, 4, 5]");
    assertEquals(SweepLoader.MAX_JOBS, SweepTestFiles.resolve(atLimit).jobs().size());
  }

  @Test
  void baseAndInlineSpecTogetherAreRejected() {
    assertTrue(reject("name: tiny", "name: tiny\nbase: xor-3hidden")
        .contains("base/spec: both given; allowed: exactly one of base"));
  }

  @Test
  void specKeyAtTheTopLevelSaysWhereItGoes() {
    assertTrue(reject("seeds: 2", "seeds: 2\nepochs: 5")
        .contains("test-sweep.yaml: epochs: unknown key (a spec key: put it under set: or grid:)"));
  }

  @Test
  void missingBaseExperimentIsNamed() {
    String yaml = "name: x\nbase: no-such-experiment\ngrid: {optimizer.lr: [0.1]}\nseeds: 1\n"
        + "success: {train_accuracy: 1}\n";
    UserError e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(yaml));
    assertTrue(e.getMessage().contains("base: no experiment named 'no-such-experiment'"),
        e.getMessage());
  }

  @Test
  void badSweepFileExitsTwoWithOneLineAndRunsNothing(@TempDir Path dir) {
    Path file = SweepTestFiles.write(dir, "bad",
        SweepTestFiles.TINY.replace("optimizer.name: [sgd, adam]", "optimizer.lr: [0.1, 1000]"));
    SweepTestFiles.Outcome o =
        SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString());
    assertEquals(2, o.code());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    // the file with the line and column of the list
    assertTrue(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(file.toString())
        + ":\\d+:\\d+: grid.optimizer.lr: 1000 is not allowed").matcher(o.err()).find(), o.err());
    assertFalse(Files.exists(dir.resolve("sweeps")));
  }

  @Test
  void unknownGridKeyExitsTwoWithTheHintInOneLine(@TempDir Path dir) {
    Path file = SweepTestFiles.write(dir, "typo",
        SweepTestFiles.TINY.replace("optimizer.name: [sgd, adam]", "optimiser.name: [sgd, adam]"));
    SweepTestFiles.Outcome o =
        SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString());
    assertEquals(2, o.code());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains(": grid.optimiser.name: unknown spec key (did you mean"
        + " optimizer.name?); near: optimizer.name"), o.err());
    assertTrue(o.err().contains(file + ":"), o.err());
    assertFalse(o.err().contains("Exception"), o.err());
    assertFalse(Files.exists(dir.resolve("sweeps")));
  }

  @Test
  void existingSweepIsNotOverwrittenWithoutResume(@TempDir Path dir) throws Exception {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    Path sweepDir = Files.createDirectories(dir.resolve("sweeps/tiny"));
    Path earlier = Files.writeString(sweepDir.resolve("summary.md"), "an earlier result");
    SweepTestFiles.Outcome o =
        SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString());
    assertEquals(2, o.code());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains("exists; add --resume"), o.err());
    assertEquals("an earlier result", Files.readString(earlier));
  }
}
