package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run reads the MNIST files ahead, while ND4J loads: the data it trains on is the files' own,
 * and a bad folder is still reported by the run's own check, never by the thread reading ahead.
 */
class MnistReadAheadTest {

  @Test
  void theDataReadAheadIsTheFilesOwn() {
    MnistCache.require("MnistReadAheadTest");
    Path dir = MnistFiles.cacheDir();
    MnistData.readAhead(dir);
    MnistData data = MnistData.read(dir);
    byte[] images = IdxReader.images(dir.resolve(MnistFiles.TRAIN_IMAGES));
    byte[] labels = IdxReader.labels(dir.resolve(MnistFiles.TRAIN_LABELS));
    byte[] test = IdxReader.images(dir.resolve(MnistFiles.TEST_IMAGES));
    assertEquals(60_000, data.trainFileSize());
    assertEquals(10_000, data.testSize());
    for (int i : new int[] {0, 1, 12_345, 59_999}) {
      assertArrayEquals(java.util.Arrays.copyOfRange(images, i * MnistData.PIXELS,
          (i + 1) * MnistData.PIXELS), data.trainImage(i), "training image " + i);
      assertEquals(labels[i], data.trainLabel(i), "training label " + i);
    }
    assertArrayEquals(java.util.Arrays.copyOfRange(test, 9_999 * MnistData.PIXELS,
        10_000 * MnistData.PIXELS), data.testImage(9_999));
  }

  @Test
  void aBadFolderIsLeftToTheRunsOwnCheck(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve(MnistFiles.TRAIN_IMAGES), new byte[] {1, 2, 3});
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    System.setErr(new PrintStream(said, true));
    try {
      MnistData.readAhead(dir);
      MnistData.readAhead(dir.resolve("missing"));
      // read() waits for a read ahead under way: here it ends with nothing read.
      assertThrows(RuntimeException.class, () -> MnistData.read(dir.resolve("missing")));
    } finally {
      System.setErr(err);
    }
    assertEquals("", said.toString(), "the thread reading ahead printed something");
    UserError e = assertThrows(UserError.class, () -> MnistFiles.check(dir));
    assertTrue(e.getMessage().contains(MnistFiles.TRAIN_IMAGES)
        || e.getMessage().contains(MnistFiles.TRAIN_LABELS), e.getMessage());
  }
}
