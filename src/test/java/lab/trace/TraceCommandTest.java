package lab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.LabCli;
import lab.core.UserError;
import lab.mnist.MnistFiles;
import lab.results.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ./lab trace as a user sees it: the spec's optimizer, the loss after, every experiment kind. */
class TraceCommandTest {

  static void assertHas(String text, String... parts) {
    for (String part : parts) assertTrue(text.contains(part), "'" + part + "' not in:\n" + text);
  }

  @Test
  void adamSpecShowsMomentsUpdateAndLossAfter(@TempDir Path results) throws Exception {
    LabCli.Result r = LabCli.run("trace", "xor-3hidden", "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    assertHas(r.out(), "optimizer adam", "Batch: the four XOR points.",
        "[4] The step, by DL4J's own updater for optimizer adam (lr 0.01, beta1 0.9, beta2 0.999,"
            + " epsilon 1e-08)",
        "1 - beta1^t = 0.1 and 1 - beta2^t = 0.001", "alpha = lr sqrt(1 - beta2^t) / (1 -"
            + " beta1^t) = 0.00316228",
        "m(W1) =", "v(W1) =", "update of W1 =", "W1 after the step =", "m(b4) =", "v(b4) =",
        "[5] Loss after the step, on the same batch: ");
    Path dir = results.resolve("xor-3hidden-trace");
    Map<String, Object> json = Json.read(dir.resolve("trace.json"));
    assertEquals("adam", json.get("optimizer"));
    double before = ((Number) json.get("loss")).doubleValue();
    double after = ((Number) json.get("loss_after")).doubleValue();
    assertTrue(after < before, before + " -> " + after);
    assertHas(r.out(), String.format(java.util.Locale.ROOT,
        "[5] Loss after the step, on the same batch: %.6f (before %.6f", after, before));
    assertHas(Files.readString(dir.resolve("trace.md")), "m(W1) =", "[5] Loss after the step");
  }

  @Test
  void lrSetsTheRateOfAnSgdStep(@TempDir Path results) throws Exception {
    LabCli.Result r = LabCli.run("trace", "xor-2-2-1-sgd", "--lr", "0.5", "--results",
        results.toString());
    assertEquals(0, r.code(), r.err());
    assertHas(r.out(), "optimizer sgd (lr 0.5)", "update = lr dL/dW", "[5] Loss after the step");
    Map<String, Object> json =
        Json.read(results.resolve("xor-2-2-1-sgd@optimizer.lr=0.5-trace/trace.json"));
    assertEquals(0.5, ((Number) json.get("lr")).doubleValue(), 0.0);
    // The spec's own trace is another folder: --lr never replaces it.
    assertEquals(0, LabCli.run("trace", "xor-2-2-1-sgd", "--results", results.toString()).code());
    assertEquals(1.0, ((Number) Json.read(results.resolve("xor-2-2-1-sgd-trace/trace.json"))
        .get("lr")).doubleValue(), 0.0);
    assertEquals(0.5, ((Number) Json.read(
        results.resolve("xor-2-2-1-sgd@optimizer.lr=0.5-trace/trace.json")).get("lr"))
        .doubleValue(), 0.0);

    LabCli.Result bad = LabCli.run("trace", "xor-2-2-1-sgd", "--lr", "0", "--results",
        results.toString());
    assertEquals(2, bad.code());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertHas(bad.err(), "--lr 0.0: not allowed; allowed: a number > 0 and <= 100");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "noisy-xor-mlp | Batch: the first 4 of the 100 training points generated from seed",
    "noisy-xor-noisy-input | Dropout or input noise is on",
    "regression-ch12 | Batch: the 10 points of the regression, x standardized.",
    "xor-deep-sgd | Batch: the four XOR points.",
  })
  void everyKindIsTraced(String name, String expected, @TempDir Path results) {
    LabCli.Result r = LabCli.run("trace", name, "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    assertHas(r.out(), expected, "[3] Backward pass", "[4] The step",
        "[5] Loss after the step, on the same batch: ");
    assertTrue(Files.isRegularFile(results.resolve(name + "-trace/trace.json")));
  }

  @Test
  void mnistIsTracedOnItsFirstFourImages(@TempDir Path results) throws Exception {
    try {
      MnistFiles.check(MnistFiles.cacheDir());
    } catch (UserError e) {
      Assumptions.abort("MNIST cache not present or not valid (" + e.getMessage() + ")");
    }
    LabCli.Result r = LabCli.run("trace", "mnist-modern", "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    assertHas(r.out(), "Batch: the first 4 of the 55000 MNIST training images",
        "(4 x 784; the top-left 4 x 10 shown)", "(784 x 512; the top-left 6 x 10 shown)",
        "Dropout or input noise is on", "m(W3) =", "[5] Loss after the step");
    Map<String, Object> json = Json.read(results.resolve("mnist-modern-trace/trace.json"));
    // 4 x 784 inputs are written whole; the 784 x 512 weights by shape and corner.
    assertEquals(4, ((java.util.List<?>) json.get("inputs")).size());
    @SuppressWarnings("unchecked")
    Map<String, Object> w1 = (Map<String, Object>)
        ((Map<String, Object>) ((java.util.List<?>) json.get("layers")).get(0)).get("W");
    assertEquals(java.util.List.of(784, 512), w1.get("shape"));
    assertTrue(Files.size(results.resolve("mnist-modern-trace/trace.json")) < 2_000_000);
  }
}
