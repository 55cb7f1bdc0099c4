package lab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResidentMemoryWatchTest {

  /**
   * JavaCPP's Pointer is initialized by start() on the calling thread, never first by the watch
   * thread: JavaCPP 1.5.7 deadlocks when a thread initializes Pointer while another loads a
   * library (bytedeco/javacpp#737; it hung CI's first test). In a fresh JVM, where nothing has
   * touched JavaCPP yet.
   */
  @Test
  void startInitializesJavaCppsPointerOnTheCallingThread() throws Exception {
    String classpath = "target/test-classes" + java.io.File.pathSeparator + "target/classes"
        + java.io.File.pathSeparator + java.nio.file.Files.readString(
            java.nio.file.Path.of("target/runtime-classpath.txt")).trim();
    Process p = new ProcessBuilder(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, WatchStartInAnotherProcess.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), "3: Pointer left to the watch thread; 4: initialized before"
        + " start(); output: " + out);
  }

  @AfterEach
  void clearProperty() {
    System.clearProperty(ResidentMemoryWatch.CAP_PROPERTY);
  }

  @Test
  void capDefaultsToFourGigabytesAndReadsJavaCppSizes() {
    assertEquals(4L << 30, ResidentMemoryWatch.capBytes());
    System.setProperty(ResidentMemoryWatch.CAP_PROPERTY, "3500m");
    assertEquals(3500L << 20, ResidentMemoryWatch.capBytes());
    System.setProperty(ResidentMemoryWatch.CAP_PROPERTY, "0");
    assertEquals(0, ResidentMemoryWatch.capBytes());
  }

  @Test
  void aCapThatIsNoSizeIsAUserErrorNamingTheProperty() {
    System.setProperty(ResidentMemoryWatch.CAP_PROPERTY, "lots");
    UserError e = assertThrows(UserError.class, ResidentMemoryWatch::capBytes);
    assertTrue(e.getMessage().startsWith("-Dlab.memory.cap=lots: not a size"), e.getMessage());
    System.setProperty(ResidentMemoryWatch.CAP_PROPERTY, "1K");
    UserError small = assertThrows(UserError.class, ResidentMemoryWatch::capBytes);
    assertTrue(small.getMessage().startsWith("-Dlab.memory.cap=1K: too small"),
        small.getMessage());
    System.setProperty(ResidentMemoryWatch.CAP_PROPERTY, "256m");
    assertEquals(256L << 20, ResidentMemoryWatch.capBytes());
    System.setProperty(ResidentMemoryWatch.CAP_PROPERTY, "999999999999999t");
    assertEquals(Long.MAX_VALUE, ResidentMemoryWatch.capBytes(), "no overflow");
  }

  @Test
  void residentSizeIsMeasuredAndTheJvmFallbackGivesANumberToo() {
    assertTrue(ResidentMemoryWatch.residentBytes() > 0);
    assertTrue(ResidentMemoryWatch.jvmEstimate() > 0);
  }

  @Test
  void anExceededCapStopsTheRunWithOneLineAndWritesNothing(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path results) {
    ResidentMemoryWatch.setExceeded(ResidentMemoryWatch.message(5L << 30, 4L << 30, 25));
    lab.LabCli.Result r;
    try {
      r = lab.LabCli.run("run", "xor-2-2-1-adam", "--set", "epochs=20", "--results",
          results.toString());
    } finally {
      ResidentMemoryWatch.setExceeded(null);
    }
    assertEquals(2, r.code(), r.err());
    assertEquals("error: memory: the process's resident size, 5.0 GB, stayed above the cap of"
        + " 4.0 GB for 5.0 s despite garbage collection; the run was stopped. Allowed: a smaller"
        + " model, batch or data set, or a higher cap (-Dlab.memory.cap=SIZE in LAB_JAVA_OPTS, 0"
        + " for none)", r.err().strip());
    assertTrue(!java.nio.file.Files.exists(results.resolve("xor-2-2-1-adam")));
  }

  @Test
  void theWatchRunsFromTheEnginesFirstUse() {
    lab.net.Engines.choose(lab.net.Engines.DL4J);
    assertTrue(ResidentMemoryWatch.running());
  }
}
