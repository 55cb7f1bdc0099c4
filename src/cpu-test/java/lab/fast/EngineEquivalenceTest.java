package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine dl4j (the fast path) and dl4j-stock (DL4J's own network, ND4J at its defaults) give
 * byte-identical metrics.csv for every shipped spec, each run in a JVM of its own through the
 * command line, so that the fast path's JVM-wide settings cannot reach the stock run. Long specs
 * are cut to a few hundred epochs (MNIST to one); the stock run must report no substitution.
 */
class EngineEquivalenceTest {
  /**
   * Epochs each spec is cut to, a few hundred to a few thousand steps: enough for every layer
   * kind, loss and optimizer to act, and for a shuffled set to be reshuffled. Full-batch XOR takes
   * one step an epoch; xor-per-sample 400; noisy XOR 50; MNIST 550.
   */
  static String epochs(String spec) {
    if (spec.startsWith("mnist")) return "1";
    if (spec.equals("xor-per-sample")) return "3";
    if (spec.startsWith("noisy-xor")) return "20";
    return "300";
  }

  static Stream<String> shippedSpecs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("experiments"))) {
      List<String> names = s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml")).map(n -> n.replaceFirst("\\.yaml$", ""))
          .sorted().toList();
      assertTrue(names.size() >= 10, "the shipped specs were not found: " + names);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedSpecs")
  void fastAndStockWriteIdenticalMetrics(String spec, @TempDir Path results) throws Exception {
    String epochs = epochs(spec);
    Process fast = start(spec, "dl4j", epochs, results);
    Process stock = start(spec, "dl4j-stock", epochs, results);
    finish(fast, spec + " dl4j", results.resolve("dl4j.log"));
    finish(stock, spec + " dl4j-stock", results.resolve("dl4j-stock.log"));
    Path fastDir = results.resolve("dl4j").resolve(spec + "-x");
    Path stockDir = results.resolve("dl4j-stock").resolve(spec + "-x");
    byte[] fastMetrics = Files.readAllBytes(fastDir.resolve("metrics.csv"));
    assertTrue(fastMetrics.length > 40, spec + ": no metrics rows");
    assertArrayEquals(fastMetrics, Files.readAllBytes(stockDir.resolve("metrics.csv")),
        spec + ": metrics.csv of dl4j and dl4j-stock differ");
    Map<?, ?> fastSummary = summary(fastDir);
    Map<?, ?> stockSummary = summary(stockDir);
    assertEquals("dl4j", fastSummary.get("engine"));
    assertTrue(((List<?>) ((Map<?, ?>) fastSummary.get("provenance")).get("substitutions"))
        .contains("own-gradient-network"), spec + ": the fast run did not take the fast path");
    assertEquals("dl4j-stock", stockSummary.get("engine"));
    assertEquals(List.of(), ((Map<?, ?>) stockSummary.get("provenance")).get("substitutions"),
        spec + ": the stock run was not stock");
  }

  private static Process start(String spec, String engine, String epochs, Path results)
      throws IOException {
    String classpath = "target/classes" + File.pathSeparator
        + Files.readString(Path.of("target/runtime-classpath.txt")).trim();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-Dlab.home=" + Path.of("").toAbsolutePath(),
        "-cp", classpath, "lab.cli.Main", "run", spec, "--engine", engine,
        "--set", "epochs=" + epochs, "--name", spec + "-x",
        "--results", results.resolve(engine).toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(results.resolve(engine + ".log").toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }

  private static void finish(Process p, String what, Path log) throws Exception {
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(what + ": did not finish in 5 minutes");
    }
    assertEquals(0, p.exitValue(), () -> what + ": exit code; its output:\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static Map<?, ?> summary(Path dir) throws IOException {
    return new ObjectMapper().readValue(
        Files.readString(dir.resolve("summary.json"), StandardCharsets.UTF_8), Map.class);
  }
}
