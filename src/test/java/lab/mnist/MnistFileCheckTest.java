package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.cli.Main;
import lab.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a data file can be bad is rejected with a message naming the file and the fix. */
class MnistFileCheckTest {

  @Test
  void goodFilesPass(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    assertDoesNotThrow(() -> MnistFiles.check(dir, expected));
  }

  @Test
  void missingFile(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    Files.delete(dir.resolve("labels.idx"));
    assertRejected(dir, expected, "labels.idx: missing");
  }

  @Test
  void truncatedFile(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    byte[] full = Files.readAllBytes(dir.resolve("images.idx"));
    Files.write(dir.resolve("images.idx"), java.util.Arrays.copyOf(full, full.length - 100));
    assertRejected(dir, expected, "images.idx: truncated: " + (full.length - 100)
        + " bytes, expected " + full.length);
  }

  @Test
  void badMagicNumber(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    // A labels file where the images should be: right length forced, wrong magic.
    overwriteInt(dir.resolve("images.idx"), 0, IdxFile.LABELS_MAGIC);
    assertRejected(dir, expected, "images.idx: bad IDX magic number 2049, expected 2051");
  }

  @Test
  void wrongCount(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    overwriteInt(dir.resolve("labels.idx"), 4, 2);
    assertRejected(dir, expected, "labels.idx: wrong item count 2 in its header, expected 3");
  }

  @Test
  void wrongHash(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("images.idx").toFile(), "rw")) {
      f.seek(500);
      int b = f.read();
      f.seek(500);
      f.write(b ^ 0x01);
    }
    assertRejected(dir, expected, "images.idx: wrong SHA-256");
  }

  /**
   * Through ./lab: a cache folder with one truncated file gives one line, exit 2, and no npm
   * fetch (the other files are left as they were: a fetch would rewrite them).
   */
  @Test
  void runWithCorruptCacheExitsTwoWithOneLineAndNoFetch(@TempDir Path dir) throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    for (IdxFile f : MnistFiles.PINNED) Files.write(cache.resolve(f.name()), new byte[] {1, 2, 3});
    long before = Files.getLastModifiedTime(cache.resolve(MnistFiles.TEST_LABELS)).toMillis();
    String old = System.getProperty("lab.mnist.cache");
    System.setProperty("lab.mnist.cache", cache.toString());
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute("run", "mnist-ch11", "--results", dir.resolve("results").toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      if (old == null) System.clearProperty("lab.mnist.cache");
      else System.setProperty("lab.mnist.cache", old);
    }
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, e);
    assertEquals(1, e.strip().lines().count(), e);
    assertTrue(e.contains(MnistFiles.TRAIN_IMAGES + ": truncated: 3 bytes"), e);
    assertTrue(e.contains("run ./lab data mnist"), e);
    assertEquals(before,
        Files.getLastModifiedTime(cache.resolve(MnistFiles.TEST_LABELS)).toMillis());
    assertEquals(3, Files.size(cache.resolve(MnistFiles.TEST_LABELS)));
    assertTrue(!Files.exists(dir.resolve("results/mnist-ch11")));
  }

  private static void assertRejected(Path dir, List<IdxFile> expected, String message) {
    UserError e = assertThrows(UserError.class, () -> MnistFiles.check(dir, expected));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().endsWith(MnistFiles.FIX), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  private static void overwriteInt(Path file, long offset, int value) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      f.writeInt(value);
    }
  }
}
