package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a user on a machine without an ND4J binary, or with a build for another machine, sees:
 * {@code lab.cli.Main} in its own JVM with os.name and os.arch set as there (the JVM lets -D
 * override both), before ND4J would fail to load.
 */
class PlatformCommandLineTest {

  record Outcome(int code, String out, String err) {}

  static Outcome labAs(String osName, String osArch, String... args) throws Exception {
    List<String> cmd = LabCli.childJvm("-Dos.name=" + osName, "-Dos.arch=" + osArch);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lab did not finish");
    return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void anUnsupportedMachineExitsTwoWithOneLine() throws Exception {
    Outcome o = labAs("Linux", "ppc64le", "run", "xor-3hidden");
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().startsWith("error: this machine is linux-ppc64le (os.name 'Linux', os.arch"
        + " 'ppc64le'): ND4J 1.0.0-M2.1 has no native binary for it; supported: linux-x86_64,"
        + " linux-arm64, macosx-x86_64, macosx-arm64, windows-x86_64"), o.err());
    assertEquals("", o.out());
  }

  @Test
  void windowsOnArmIsNamedAsSuch() throws Exception {
    Outcome o = labAs("Windows 11", "aarch64", "list");
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().startsWith("error: this machine is windows-arm64 "), o.err());
  }

  /** This build's binary is for this machine; seen from another supported one it is refused. */
  @Test
  void aBuildForAnotherMachineExitsTwoWithOneLine() throws Exception {
    String built = lab.results.Provenance.build().getProperty("nd4j.classifier");
    String other = built.equals("macosx-arm64") ? "linux-x86_64" : "macosx-arm64";
    String[] os = other.equals("macosx-arm64") ? new String[] {"Mac OS X", "aarch64"}
        : new String[] {"Linux", "amd64"};
    Outcome o = labAs(os[0], os[1], "list");
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().startsWith("error: this build's ND4J binary is for " + built
        + " but this machine is " + other + "; rebuild here"), o.err());
  }

  @Test
  void thisMachineRunsTheCommand() throws Exception {
    Outcome o = labAs(System.getProperty("os.name"), System.getProperty("os.arch"), "list");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("xor-3hidden"), o.out());
  }
}
