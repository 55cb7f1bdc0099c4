package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.core.UserError;
import lab.spec.ExperimentSpec;
import lab.spec.InitSpec;
import lab.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecLoaderTest {

  @Test
  void fillsDefaultsForKeysNotGiven() {
    ExperimentSpec spec = TestSpecs.fromYaml("experiment: xor");
    assertEquals("test", spec.name());
    assertEquals(0L, spec.seed());
    assertEquals(List.of(2), spec.hidden());
    assertEquals("sigmoid", spec.activation());
    assertEquals("bce", spec.loss());
    assertEquals("sgd", spec.optimizer());
    assertEquals(0.01, spec.lr());
    assertEquals(0, spec.batch());
    assertEquals(InitSpec.Kind.TORCH_DEFAULT, spec.init().kind());
    assertFalse(spec.isDouble());
  }

  @Test
  void setOverridesFileValuesWithYamlTypedValues() {
    ExperimentSpec spec = TestSpecs.fromYaml(
        "experiment: xor\nseed: 3\noptimizer: {name: sgd, lr: 1.0}\nmodel: {hidden: [2]}",
        "model.hidden=[4, 4]", "optimizer.lr=0.1", "seed=7", "optimizer.name=adam",
        "init=uniform(0, 1)");
    assertEquals(List.of(4, 4), spec.hidden());
    assertEquals(0.1, spec.lr());
    assertEquals(7L, spec.seed());
    assertEquals("adam", spec.optimizer());
    assertEquals(new InitSpec(InitSpec.Kind.UNIFORM, 0, 1), spec.init());
  }

  @Test
  void parsesEveryInitForm() {
    assertEquals(InitSpec.Kind.XAVIER, InitSpec.parse("xavier").kind());
    assertEquals(new InitSpec(InitSpec.Kind.NORMAL, 0, 0.1), InitSpec.parse("normal(0, 0.1)"));
    assertEquals(new InitSpec(InitSpec.Kind.UNIFORM, -1, 1), InitSpec.parse("uniform(-1,1)"));
    assertEquals(null, InitSpec.parse("uniform(1,0)"));
    assertEquals(null, InitSpec.parse("normal(0,-1)"));
    assertEquals(null, InitSpec.parse("he"));
  }

  /** Each rejection names the source, the key, the bad value and what is allowed. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "experiment: xor\\noptimzer: {lr: 0.1}| optimzer.lr: unknown key (did you mean optimizer.lr?)",
      "experiment: xor\\nlearning_rate: 0.1| learning_rate: unknown key; near: ",
      "experiment: xor\\noptimizer: {lr: -1}| optimizer.lr: -1 is not allowed; allowed: a number > 0",
      "experiment: xor\\noptimizer: {lr: fast}| optimizer.lr: 'fast' is not allowed; allowed: a number",
      "experiment: xor\\nepochs: 0| epochs: 0 is not allowed; allowed: a whole number from 1 to",
      "experiment: xor\\nepochs: 2.5| epochs: 2.5 is not allowed; allowed: a whole number",
      "experiment: xor\\nseed: -1| seed: -1 is not allowed; allowed: a whole number from 0 to 9223372036854775807",
      "experiment: xor\\nbatch: 99999999999| batch: 99999999999 is not allowed; allowed: a whole number from 0 to 2147483647",
      "experiment: xor\\nseed: 99999999999999999999| seed: 99999999999999999999 is not allowed; allowed: a whole number from 0 to 9223372036854775807",
      "experiment: xor\\nmodel: {hidden: [2, 0]}| model.hidden: [2, 0] is not allowed; allowed: a list",
      "experiment: xor\\nmodel: {hidden: 2}| model.hidden: 2 is not allowed; allowed: a list",
      "experiment: xor\\nmodel: {activation: swish}| model.activation: 'swish' is not allowed; allowed: one of identity, leakyrelu, relu, sigmoid, softmax, tanh",
      "experiment: xor\\nloss: hinge| loss: 'hinge' is not allowed; allowed: one of bce, cross-entropy, mse, sse",
      "experiment: xor\\noptimizer: {name: lbfgs}| optimizer.name: 'lbfgs' is not allowed; allowed: one of adagrad, adam, nesterov, rmsprop, sgd",
      "experiment: xor\\ninit: uniform(1, 0)| init: 'uniform(1, 0)' is not allowed; allowed: torch-default, xavier, uniform(a,b) with a < b",
      "experiment: cifar| experiment: 'cifar' is not allowed; allowed: one of",
      "seed: 1| experiment: missing; allowed: one of",
      "experiment: xor\\nname: ../escape| name: '../escape' is not allowed; allowed: a name of letters",
      "experiment: xor\\nloss: cross-entropy| loss: cross-entropy needs model.output softmax (it is sigmoid)",
      "- just\\n- a list| test.yaml: a spec must be a mapping of keys to values",
  })
  void rejectsBadSpecsWithOneLineNamingKeyValueAndAllowed(String yaml, String expected) {
    UserError e = assertThrows(UserError.class, () -> TestSpecs.fromYaml(yaml.replace("\\n", "\n")));
    assertTrue(e.getMessage().startsWith("test.yaml: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected.strip()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void rejectsBadOverrides() {
    UserError unknown = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor", "optimizer.rate=0.1"));
    assertTrue(unknown.getMessage().startsWith("--set optimizer.rate=0.1: optimizer.rate: unknown"
        + " key"),
        unknown.getMessage());
    UserError noEquals = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor", "seed"));
    assertTrue(noEquals.getMessage().contains("expected KEY=VALUE"), noEquals.getMessage());
    UserError badValue = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor", "optimizer.lr=0"));
    assertTrue(badValue.getMessage().contains("optimizer.lr: 0 is not allowed"),
        badValue.getMessage());
  }

  @Test
  void rejectsMissingAndMalformedFiles(@TempDir Path dir) throws IOException {
    UserError missing = assertThrows(UserError.class,
        () -> SpecLoader.load(dir.resolve("nope.yaml"), List.of()));
    assertTrue(missing.getMessage().endsWith("nope.yaml: no such spec file"), missing.getMessage());
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "experiment: xor\nmodel: [1,\n");
    UserError yaml = assertThrows(UserError.class, () -> SpecLoader.load(broken, List.of()));
    assertTrue(yaml.getMessage().contains("broken.yaml:3:1: not valid YAML"), yaml.getMessage());
    assertFalse(yaml.getMessage().contains("\n"), yaml.getMessage());
  }

  /** A tag that changes a value's type is shown with it; a list as a key is named as such. */
  @Test
  void namesTaggedValuesAndComplexKeys(@TempDir Path dir) throws IOException {
    Path tagged = Files.writeString(dir.resolve("tagged.yaml"), "experiment: xor\n"
        + "epochs: !!float 3\n");
    UserError t = assertThrows(UserError.class, () -> SpecLoader.load(tagged, List.of()));
    assertEquals(tagged + ":2:9: epochs: !!float 3 is not allowed; allowed: a whole number from 1"
        + " to 10000000", t.getMessage());
    Path str = Files.writeString(dir.resolve("str.yaml"), "experiment: xor\n"
        + "description: !!str 5\n");
    assertEquals("5", SpecLoader.load(str, List.of()).values().get("description"));
    Path complex = Files.writeString(dir.resolve("complex.yaml"), "experiment: xor\n? [a]\n: 1\n");
    UserError c = assertThrows(UserError.class, () -> SpecLoader.load(complex, List.of()));
    assertEquals(complex + ":2:4: not valid YAML: a key is a list or mapping; allowed: plain names"
        + " as keys, e.g. epochs: 100", c.getMessage());
  }

  /** A binary file and a huge one are refused in one line, the huge one before it is parsed. */
  @Test
  void rejectsBinaryAndHugeFiles(@TempDir Path dir) throws IOException {
    Path binary = Files.write(dir.resolve("binary.yaml"),
        new byte[] {'e', 'x', ':', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});
    UserError b = assertThrows(UserError.class, () -> SpecLoader.load(binary, List.of()));
    assertEquals(binary + ": not UTF-8 text; allowed: a YAML spec file in UTF-8", b.getMessage());
    // One quoted string of 50 MB kept the YAML parser busy for minutes.
    StringBuilder big = new StringBuilder("experiment: xor\ndescription: \"");
    big.append("a".repeat((int) lab.spec.YamlDoc.MAX_BYTES)).append("\"\n");
    Path huge = Files.writeString(dir.resolve("huge.yaml"), big);
    UserError h = assertThrows(UserError.class, () -> SpecLoader.load(huge, List.of()));
    assertEquals(huge + ": " + Files.size(huge) + " bytes; allowed: a spec file of at most"
        + " 3145728 bytes (3 MiB)", h.getMessage());
    Path justUnder = Files.writeString(dir.resolve("under.yaml"), "experiment: xor\n"
        + "#".repeat((int) lab.spec.YamlDoc.MAX_BYTES - 17) + "\n");
    assertEquals(lab.spec.YamlDoc.MAX_BYTES, Files.size(justUnder));
    assertEquals("under", SpecLoader.load(justUnder, List.of()).name());
  }

  @Test
  void everyShippedSpecLoads() throws IOException {
    try (var files = Files.list(TestSpecs.projectDir().resolve("experiments"))) {
      List<Path> specs = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertFalse(specs.isEmpty());
      for (Path p : specs) {
        ExperimentSpec s = SpecLoader.load(p, List.of());
        assertEquals(p.getFileName().toString().replace(".yaml", ""), s.name());
      }
    }
  }
}
