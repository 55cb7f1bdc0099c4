package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line errors of ./lab, and that a failed run keeps the earlier result. */
class CommandLineTest {

  record Outcome(int code, String out, String err) {}

  static Outcome lab(String... args) {
    lab.LabCli.Result r = lab.LabCli.run(args);
    return new Outcome(r.code(), r.out(), r.err());
  }


  @Test
  void badSpecValueExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("bad.yaml"),
        "experiment: xor\noptimizer: {name: adam, lr: -0.5}\n");
    Outcome o = lab("run", spec.toString(), "--results", dir.resolve("results").toString());
    assertEquals(2, o.code());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains("bad.yaml:2:29: optimizer.lr: -0.5 is not allowed"), o.err());
    assertFalse(Files.exists(dir.resolve("results/bad")));
  }

  @Test
  void unknownExperimentNameExitsTwo() {
    Outcome o = lab("run", "no-such-experiment");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("no experiment named 'no-such-experiment'"), o.err());
  }

  @Test
  void listShowsEveryShippedExperiment() {
    Outcome o = lab("list");
    assertEquals(0, o.code());
    for (String name : new String[] {"xor-2-2-1-sgd", "xor-deep-sgd", "xor-2-2-1-adam",
        "xor-3hidden"}) {
      assertTrue(o.out().contains(name), o.out());
    }
  }

  /** A run that diverges exits 3 with one line and leaves the previous result as it was. */
  @Test
  void divergingRunKeepsThePreviousResult(@TempDir Path dir) throws Exception {
    String results = dir.resolve("results").toString();
    Path spec = Files.writeString(dir.resolve("explode.yaml"), String.join("\n",
        "experiment: xor", "model: {hidden: [8, 8], activation: identity, output: identity}",
        "loss: sse", "init: uniform(1, 2)", "optimizer: {name: sgd, lr: 50}", "epochs: 200",
        "log_every: 0", ""));
    Outcome good = lab("run", spec.toString(), "--results", results, "--set", "optimizer.lr=0.001",
        "--set", "init=uniform(-0.1, 0.1)", "--set", "epochs=5", "--name", "explode");
    assertEquals(0, good.code(), good.err());
    Path summary = dir.resolve("results/explode/summary.json");
    String before = Files.readString(summary);

    Outcome bad = lab("run", spec.toString(), "--results", results, "--name", "explode");
    assertEquals(3, bad.code(), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("training diverged"), bad.err());
    assertEquals(before, Files.readString(summary));
    assertEquals(0, XorResultTest.listOrEmpty(dir.resolve("results/.incoming")).size());
  }
}
