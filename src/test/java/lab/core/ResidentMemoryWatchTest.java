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
}
