package lab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResidentMemoryWatchTest {

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
