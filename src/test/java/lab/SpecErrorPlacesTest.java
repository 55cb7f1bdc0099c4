package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad specs as a user meets them on ./lab run: duplicate keys (issue 15.2) and errors that name
 * where the bad value came from, with the value as given (issue 20.2). Each is exit 2, one line,
 * and no result folder.
 */
class SpecErrorPlacesTest {

  /** Runs ./lab run on a spec file written from {@code lines}; checks exit 2 and one line. */
  static String reject(Path dir, String yaml, String... extra) throws Exception {
    Path spec = Files.writeString(dir.resolve("s.yaml"), yaml);
    String[] args = new String[4 + extra.length];
    args[0] = "run";
    args[1] = spec.toString();
    args[2] = "--results";
    args[3] = dir.resolve("results").toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    LabCli.Result r = LabCli.run(args);
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(Files.exists(dir.resolve("results")), "nothing written");
    return r.err().strip();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // a block given twice, whatever keys each holds
      "experiment: xor\\noptimizer: {lr: 0.5}\\nepochs: 3\\noptimizer: {name: adam}"
          + "| s.yaml: the block optimizer is given twice: line 2 and line 4",
      // the same in block style, one level down
      "experiment: xor\\nmodel:\\n  hidden: [2]\\n  hidden: [3]"
          + "| s.yaml: model.hidden is given twice: line 3 and line 4",
      // a dotted key and its nested form are the same key
      "experiment: xor\\noptimizer.lr: 0.5\\nepochs: 3\\noptimizer: {lr: 0.1}"
          + "| s.yaml: optimizer.lr is given twice: line 2 (optimizer.lr) and line 4 (in the"
          + " optimizer block)",
      "experiment: xor\\nmodel: {hidden: [2]}\\nmodel.hidden: [4]"
          + "| s.yaml: model.hidden is given twice: line 2 (in the model block) and line 3",
      "experiment: xor\\nseed: 1\\nseed: 2| s.yaml: seed is given twice: line 2 and line 3",
  })
  void duplicateKeysNameBothLines(String yaml, String expected, @TempDir Path dir)
      throws Exception {
    String err = reject(dir, yaml.replace("\\n", "\n") + "\n");
    assertTrue(err.contains(expected.strip()), err);
  }

  @Test
  void repeatedSetNamesBothPositions(@TempDir Path dir) throws Exception {
    String err = reject(dir, "experiment: xor\n", "--set", "seed=1", "--set", "epochs=3",
        "--set", "seed=2");
    assertTrue(err.contains("seed is given twice on the command line: --set #1 (seed=1) and"
        + " --set #3 (seed=2)"), err);
    String nested = reject(dir, "experiment: xor\n", "--set", "optimizer.lr=0.1", "--set",
        "optimizer={lr: 0.2}");
    assertTrue(nested.contains("optimizer.lr is given twice on the command line: --set #1"),
        nested);
    String engine = reject(dir, "experiment: xor\n", "--set", "engine=dl4j", "--engine",
        "dl4j-stock");
    assertTrue(engine.contains("engine is given twice on the command line: --set #1"
        + " (engine=dl4j) and --engine dl4j-stock"), engine);
  }

  @Test
  void aSetOverridingTheFileIsNoDuplicate(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("ok.yaml"),
        "experiment: xor\nepochs: 500\nlog_every: 0\n");
    LabCli.Result r = LabCli.run("run", spec.toString(), "--set", "epochs=3",
        "--results", dir.resolve("results").toString());
    assertEquals(0, r.code(), r.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the value as written, not 1000.0, at its line and column
      "experiment: xor\\nepochs: 1e3| s.yaml:2:9: epochs: 1e3 is not allowed; allowed: a whole"
          + " number from 1 to",
      "experiment: xor\\noptimizer: {lr: -0.50}| s.yaml:2:17: optimizer.lr: -0.50 is not allowed",
      // a value where a block belongs
      "experiment: xor\\noptimizer: adam| s.yaml:2:12: optimizer: 'adam' is a value, but"
          + " optimizer is a block of keys (name, lr,",
      // a block where a value belongs
      "experiment: xor\\nepochs: {n: 3}| s.yaml:2:9: epochs: a mapping is not allowed (a block of"
          + " keys where a value belongs)",
      "experiment: xor\\nmodel: {activation: sigmod}| model.activation: 'sigmod' is not allowed"
          + " (did you mean sigmoid?); allowed: one of",
      // YAML syntax errors with line and column
      "experiment: xor\\nmodel:\\n  hidden: [2\\n  x: 1| s.yaml:4:4: not valid YAML:",
      "experiment: xor\\nmodel:\\n  hidden: [2]\\n bad: 1| s.yaml:4:2: not valid YAML:",
      "experiment: xor\\nx: &a 3\\ny: *a| s.yaml:3:4: *a: aliases are not supported",
      // YAML's infinity and NaN (Jackson's words were "Malformed numeric value '.inf'")
      "experiment: xor\\noptimizer: {lr: .inf}| s.yaml:2:21: .inf is not allowed; allowed: a"
          + " finite number",
      "experiment: xor\\nepochs: .nan| s.yaml:2:13: .nan is not allowed; allowed: a finite"
          + " number",
      "experiment: xor\\n---\\nexperiment: mnist| more than one YAML document",
  })
  void fileErrorsCarryLineAndColumn(String yaml, String expected, @TempDir Path dir)
      throws Exception {
    String err = reject(dir, yaml.replace("\\n", "\n") + "\n");
    assertTrue(err.contains(expected.strip()), err);
  }

  @Test
  void setErrorsBlameTheSetAndShowTheValueAsGiven(@TempDir Path dir) throws Exception {
    String err = reject(dir, "experiment: xor\n", "--set", "epochs=1e3");
    assertTrue(err.startsWith("error: --set epochs=1e3: epochs: 1e3 is not allowed; allowed: a"
        + " whole number from 1 to 10000000"), err);
    String abc = reject(dir, "experiment: xor\n", "--set", "epochs=abc");
    assertTrue(abc.startsWith("error: --set epochs=abc: epochs: 'abc' is not allowed"), abc);
    String block = reject(dir, "experiment: xor\n", "--set", "optimizer=adam");
    assertTrue(block.startsWith("error: --set optimizer=adam: optimizer: 'adam' is a value, but"
        + " optimizer is a block"), block);
  }

  /** An unknown key: a handful of near keys, nearest first, and where the full list is. */
  @Test
  void unknownKeysListAFewNearKeysOnly(@TempDir Path dir) throws Exception {
    String err = reject(dir, "experiment: xor\noptimzer: {lr: 0.1}\n");
    assertTrue(err.startsWith("error: " + dir.resolve("s.yaml") + ":2:16: optimzer.lr: unknown"
        + " key (did you mean optimizer.lr?); near: optimizer.lr, "), err);
    assertTrue(err.endsWith("(the full list: ./lab keys)"), err);
    String near = err.substring(err.indexOf("near: ") + 6, err.indexOf(" (the full"));
    assertEquals(5, near.split(", ").length, near);
    assertTrue(err.length() < 250, "short: " + err.length() + " characters");
  }

  /** noisy-xor-mlp.yaml has no engine key: --engine is to blame, the file is where it is from. */
  @Test
  void engineOptionIsBlamedNotTheFile(@TempDir Path dir) {
    LabCli.Result r = LabCli.run("run", "noisy-xor-mlp", "--engine", "scratch",
        "--results", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: --engine scratch: engine: scratch is not available for"
        + " experiment noisy-xor (set at "), r.err());
  }

  @Test
  void aKeyThatDoesNotApplyNamesItsLine(@TempDir Path dir) throws Exception {
    String err = reject(dir, "experiment: xor\n\ndata: {n: 10}\n");
    assertTrue(err.contains("s.yaml:3:11: data.n: does not apply to experiment xor (set at "),
        err);
    assertTrue(err.contains("; it applies to noisy-xor"), err);
  }
}
