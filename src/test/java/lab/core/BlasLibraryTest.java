package lab.core;

import lab.LabCli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.mnist.MnistFiles;
import lab.results.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which OpenBLAS a process loads, and that the machine's verified build gives the bundled one's
 * bits: the same runs in two child processes, one on each library, write the same files.
 */
class BlasLibraryTest {

  @Test
  void autoTakesAVerifiedSystemBuildAndOnlyThat(@TempDir Path tmp) throws Exception {
    Path verified = library(tmp.resolve("a"), "libopenblasp-r0.3.21.so");
    Path other = library(tmp.resolve("b"), "libopenblasp-r0.3.99.so");
    Path missing = tmp.resolve("none/libopenblas.so.0");

    BlasLibrary.Choice auto = BlasLibrary.decide("auto", List.of(missing, verified));
    assertEquals(verified.toRealPath(), auto.file());
    assertTrue(auto.why().startsWith("system "), auto.why());

    BlasLibrary.Choice unverified = BlasLibrary.decide("auto", List.of(other));
    assertNull(unverified.file(), "a build not compared is not taken by default");
    assertTrue(unverified.why().contains("not a build compared"), unverified.why());
    assertEquals(other.toRealPath(), BlasLibrary.decide("system", List.of(other)).file());

    assertNull(BlasLibrary.decide("bundled", List.of(verified)).file());
    assertNull(BlasLibrary.decide("auto", List.of(missing)).file());
  }

  @Test
  void aBadSettingOrAMissingSystemBuildIsTheUsersToFix(@TempDir Path tmp) {
    UserError bad = assertThrows(UserError.class,
        () -> BlasLibrary.decide("openblas", List.of()));
    assertTrue(bad.getMessage().contains("-Dlab.blas=openblas")
        && bad.getMessage().contains("auto (the default), system, bundled"), bad.getMessage());
    UserError none = assertThrows(UserError.class,
        () -> BlasLibrary.decide("system", List.of(tmp.resolve("libopenblas.so.0"))));
    assertTrue(none.getMessage().contains("no OpenBLAS found"), none.getMessage());
  }

  @Test
  void theSystemBuildGivesTheBundledBuildsBits(@TempDir Path tmp) throws Exception {
    Path system = BlasLibrary.systemBuild(BlasLibrary.LINKS);
    String missing = "no system OpenBLAS at " + BlasLibrary.LINKS
        + " (on Debian: apt-get install libopenblas0-pthread; .ci/run installs it)";
    if (System.getenv("CI") != null) {
      assertTrue(system != null, missing);
    } else if (system == null) {
      Assumptions.abort(missing);
    }
    assertTrue(BlasLibrary.VERIFIED.contains(system.getFileName().toString()),
        "the system's " + system + " is not a build compared with the bundled one");
    try {
      MnistFiles.check(MnistFiles.cacheDir());
    } catch (UserError e) {
      if (System.getenv("CI") != null) throw e;
      Assumptions.abort("MNIST cache not present or not valid (" + e.getMessage() + ")");
    }
    // The sigmoid 784-50-10 of chapter 11 and a ReLU, softmax and Adam network: products of
    // batch 100 by 784, their weight gradients and the evaluations, all by sgemm.
    List<List<String>> runs = List.of(
        List.of("run", "mnist-ch11", "--name", "ch11", "--set", "data.train_limit=2000",
            "--set", "epochs=2"),
        List.of("run", "mnist-modern", "--name", "modern", "--set", "data.train_limit=1000",
            "--set", "epochs=1", "--set", "model.hidden=[64,32]"));
    for (List<String> run : runs) {
      String name = run.get(3);
      Path bundled = tmp.resolve("bundled");
      Path chosen = tmp.resolve("system");
      runIn(bundled, "bundled", run); // each fails the test unless the child exits 0
      runIn(chosen, "system", run);
      String a = blasLibrary(bundled.resolve(name));
      String b = blasLibrary(chosen.resolve(name));
      assertNotEquals(a, b, "the two processes mapped different libraries");
      assertTrue(b.contains("openblas") && !b.contains(".jar"), b);
      for (String file : List.of("metrics.csv", "model.zip", "evaluation.json", "confusion.csv")) {
        assertArrayEquals(Files.readAllBytes(bundled.resolve(name).resolve(file)),
            Files.readAllBytes(chosen.resolve(name).resolve(file)), name + "/" + file);
      }
    }
  }

  /**
   * On an x86-64 Linux machine with AVX2 and FMA, a process runs OpenBLAS's Haswell kernels
   * whatever CPU OpenBLAS detects (on an AVX-512 machine it would pick others, whose products
   * differ in their last bits by storage order), and says so in its provenance; a core type the
   * user sets is kept. OpenBLAS itself reports the kernels it runs (OPENBLAS_VERBOSE=2).
   */
  @Test
  void openBlasRunsThePinnedKernelsUnlessTheUserChoseOthers(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(BlasLibrary.kernelsCanBePinned(),
        "kernels are pinned on x86-64 Linux with AVX2 and FMA only");
    String pinned = kernelsRun(tmp.resolve("pinned"), null);
    assertTrue(pinned.contains("Core: Haswell"), pinned);
    assertTrue(pinned.contains("kernels: Haswell (OPENBLAS_CORETYPE set before OpenBLAS loaded)"),
        pinned);
    String chosen = kernelsRun(tmp.resolve("user"), "Sandybridge");
    assertTrue(chosen.contains("Core: Sandybridge"), chosen);
    assertTrue(chosen.contains("kernels: Sandybridge (OPENBLAS_CORETYPE set by the user)"),
        chosen);
  }

  /** A short XOR run's output (OpenBLAS's own report of its kernels) and its blas_choice. */
  private static String kernelsRun(Path results, String userCoreType) throws Exception {
    List<String> args = List.of("run", "xor-3hidden", "--name", "x", "--set", "epochs=10");
    String output = child(results, args, env -> {
      env.put("OPENBLAS_VERBOSE", "2");
      env.remove(BlasLibrary.CORETYPE);
      if (userCoreType != null) env.put(BlasLibrary.CORETYPE, userCoreType);
    });
    return output + "\nblas_choice: " + provenance(results.resolve("x"), "blas_choice");
  }

  private static String blasLibrary(Path run) throws Exception {
    return provenance(run, "blas_library");
  }

  private static String provenance(Path run, String key) throws Exception {
    Map<String, Object> summary = Json.read(run.resolve("summary.json"));
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = (Map<String, Object>) summary.get("provenance");
    return String.valueOf(provenance.get(key));
  }

  private static void runIn(Path results, String blas, List<String> args) throws Exception {
    child(results, args, env -> env.put("OMP_NUM_THREADS", "1"),
        "-D" + BlasLibrary.PROPERTY + "=" + blas);
  }

  /**
   * Runs ./lab's {@code args} in a child JVM writing under {@code results}, with its environment
   * changed by {@code env}; fails unless it exits 0, and returns its output.
   */
  private static String child(Path results, List<String> args,
      java.util.function.Consumer<Map<String, String>> env, String... jvmOptions)
      throws Exception {
    Files.createDirectories(results);
    List<String> cmd = LabCli.childJvm(jvmOptions);
    cmd.addAll(args);
    cmd.add("--results");
    cmd.add(results.toString());
    Path out = results.resolve(args.get(3) + ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    env.accept(pb.environment());
    Process p = pb.start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child run timed out");
    String output = Files.readString(out);
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  /** A file named like an OpenBLAS build, behind a link named as distributions name theirs. */
  private static Path library(Path dir, String name) throws Exception {
    Files.createDirectories(dir);
    Path file = Files.writeString(dir.resolve(name), "not a library");
    return Files.createSymbolicLink(dir.resolve("libopenblas.so.0"), file.getFileName());
  }
}
