package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing MNIST cache fails the MNIST tests under CI and skips them (loudly) elsewhere. */
class MnistCacheTest {

  @Test
  void underCiAMissingCacheFails(@TempDir Path empty) {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> MnistCache.require("SomeMnistTest", true, empty));
    assertTrue(e.getMessage().contains("under CI the MNIST tests must run"), e.getMessage());
  }

  @Test
  void elsewhereAMissingCacheSkips(@TempDir Path empty) {
    assertThrows(TestAbortedException.class,
        () -> MnistCache.require("SomeMnistTest", false, empty));
  }
}
