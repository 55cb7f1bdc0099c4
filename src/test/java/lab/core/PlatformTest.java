package lab.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which ND4J platform a JVM's os.name and os.arch are, and the one-line refusals. */
class PlatformTest {

  @Test
  void namesTheFiveSupportedMachinesAsTheirJvmsReportThem() {
    assertEquals("linux-x86_64", Platform.of("Linux", "amd64"));
    assertEquals("linux-arm64", Platform.of("Linux", "aarch64"));
    assertEquals("macosx-x86_64", Platform.of("Mac OS X", "x86_64"));
    assertEquals("macosx-arm64", Platform.of("Mac OS X", "aarch64"));
    assertEquals("windows-x86_64", Platform.of("Windows 11", "amd64"));
    assertEquals("windows-x86_64", Platform.of("Windows Server 2022", "amd64"));
    for (String p : Platform.SUPPORTED) assertTrue(Platform.isSupported(p), p);
  }

  @Test
  void mapsArchitectureAliasesAsJavaCppDoes() {
    assertEquals("linux-x86_64", Platform.of("Linux", "x86_64"));
    assertEquals("linux-x86_64", Platform.of("linux", "x86-64"));
    assertEquals("linux-arm64", Platform.of("Linux", "arm64"));
    assertEquals("macosx-arm64", Platform.of("Darwin", "arm64"));
  }

  @Test
  void keepsTheNameOfAnUnsupportedMachine() {
    assertEquals("linux-ppc64le", Platform.of("Linux", "ppc64le"));
    assertEquals("windows-arm64", Platform.of("Windows 11", "aarch64"));
    assertEquals("freebsd-x86_64", Platform.of("FreeBSD", "amd64"));
    assertEquals("linux-x86", Platform.of("Linux", "i386"));
    assertFalse(Platform.isSupported("linux-ppc64le"));
    assertFalse(Platform.isSupported("windows-arm64"));
  }

  @Test
  void thisMachineIsSupported() {
    // The suite runs on one of the five; on any other the build itself stops (the enforcer).
    assertTrue(Platform.isSupported(Platform.current()), Platform.current());
  }

  @Test
  void anUnsupportedMachineIsOneLineNamingItAndTheSupportedOnes() {
    UserError e = assertThrows(UserError.class,
        () -> Platform.check("Linux", "ppc64le", "linux-x86_64"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith("this machine is linux-ppc64le (os.name 'Linux', os.arch"
        + " 'ppc64le'): ND4J 1.0.0-M2.1 has no native binary for it; supported: linux-x86_64,"
        + " linux-arm64, macosx-x86_64, macosx-arm64, windows-x86_64"), e.getMessage());
  }

  @Test
  void aBuildForAnotherMachineIsOneLineSayingHowToRebuild() {
    UserError e = assertThrows(UserError.class,
        () -> Platform.check("Mac OS X", "aarch64", "linux-x86_64"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith("this build's ND4J binary is for linux-x86_64 but this"
        + " machine is macosx-arm64; rebuild here"), e.getMessage());
  }

  @Test
  void aMatchingOrUnknownBuildPasses() {
    assertDoesNotThrow(() -> Platform.check("Mac OS X", "aarch64", "macosx-arm64"));
    assertDoesNotThrow(() -> Platform.check("Windows 10", "amd64", "windows-x86_64"));
    // Run from an IDE without Maven's resource filtering: nothing to compare with.
    assertDoesNotThrow(() -> Platform.check("Linux", "aarch64", "${nd4j.classifier}"));
    assertDoesNotThrow(() -> Platform.check("Linux", "aarch64", null));
  }
}
