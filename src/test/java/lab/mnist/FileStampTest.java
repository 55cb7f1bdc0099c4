package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import lab.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file checked or read once in a process is trusted again only while it looks the same: a
 * change after the check is caught, and a file too fresh to tell is always hashed and read anew.
 */
class FileStampTest {

  private static void settle(Path file) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
  }

  /** The fixture files, written and settled (last modified an hour ago). */
  private static List<IdxFile> settledFixtures(Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    for (IdxFile f : expected) settle(dir.resolve(f.name()));
    return expected;
  }

  private static void flipLastByte(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() - 1);
      int b = f.read();
      f.seek(f.length() - 1);
      f.write(b ^ 0x01);
    }
  }

  @Test
  void aFreshFileHasNoStamp(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("x"), "abc");
    assertNull(FileStamp.of(f));
    assertNull(FileStamp.of(dir.resolve("missing")));
    settle(f);
    FileStamp s = FileStamp.of(f);
    assertEquals(3, s.size());
    assertEquals(s, FileStamp.of(f));
  }

  @Test
  void aSettledFileChangedAfterItsCheckIsRejected(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = settledFixtures(dir);
    assertDoesNotThrow(() -> MnistFiles.check(dir, expected));
    assertDoesNotThrow(() -> MnistFiles.check(dir, expected)); // unchanged: trusted
    flipLastByte(dir.resolve("images.idx")); // same size, a new modification time
    UserError e = assertThrows(UserError.class, () -> MnistFiles.check(dir, expected));
    assertTrue(e.getMessage().contains("images.idx: wrong SHA-256"), e.getMessage());
  }

  @Test
  void aFreshFileIsHashedEveryTime(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = MnistIdxFixtures.write(dir);
    assertDoesNotThrow(() -> MnistFiles.check(dir, expected));
    flipLastByte(dir.resolve("labels.idx"));
    UserError e = assertThrows(UserError.class, () -> MnistFiles.check(dir, expected));
    assertTrue(e.getMessage().contains("labels.idx: wrong SHA-256"), e.getMessage());
  }

  @Test
  void aFileVerifiedByAnEarlierProcessIsNotHashedAgain(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = settledFixtures(dir);
    int before = MnistFiles.HASHES.get();
    MnistFiles.check(dir, expected);
    assertEquals(before + expected.size(), MnistFiles.HASHES.get());
    assertTrue(Files.isRegularFile(dir.resolve(VerifiedStamps.FILE)));
    MnistFiles.forgetThisProcess(); // as a new process
    assertDoesNotThrow(() -> MnistFiles.check(dir, expected));
    assertEquals(before + expected.size(), MnistFiles.HASHES.get(), "no file hashed again");
  }

  @Test
  void aFileChangedInPlaceWithItsOldTimeIsHashedAgain(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = settledFixtures(dir);
    MnistFiles.check(dir, expected);
    MnistFiles.forgetThisProcess();
    Path images = dir.resolve("images.idx");
    FileTime modified = Files.getLastModifiedTime(images);
    flipLastByte(images); // same size ...
    Files.setLastModifiedTime(images, modified); // ... and the same modification time
    UserError e = assertThrows(UserError.class, () -> MnistFiles.check(dir, expected));
    assertTrue(e.getMessage().contains("images.idx: wrong SHA-256"), e.getMessage());
  }

  @Test
  void anUnreadableRecordIsIgnored(@TempDir Path dir) throws Exception {
    List<IdxFile> expected = settledFixtures(dir);
    Files.writeString(dir.resolve(VerifiedStamps.FILE), "images.idx\tnot a stamp\n\u0000");
    int before = MnistFiles.HASHES.get();
    assertDoesNotThrow(() -> MnistFiles.check(dir, expected));
    assertEquals(before + expected.size(), MnistFiles.HASHES.get(), "every file hashed");
  }

  private static void writeMnistNames(Path dir, int count) throws Exception {
    Files.write(dir.resolve(MnistFiles.TRAIN_IMAGES), MnistIdxFixtures.imagesFile(count));
    Files.write(dir.resolve(MnistFiles.TRAIN_LABELS), MnistIdxFixtures.labelsFile(count));
    Files.write(dir.resolve(MnistFiles.TEST_IMAGES), MnistIdxFixtures.imagesFile(count));
    Files.write(dir.resolve(MnistFiles.TEST_LABELS), MnistIdxFixtures.labelsFile(count));
  }

  @Test
  void anUnchangedFolderIsReadOnceAndAChangedOneAgain(@TempDir Path dir) throws Exception {
    writeMnistNames(dir, 3);
    MnistData fresh = MnistData.read(dir);
    assertNotSame(fresh, MnistData.read(dir)); // too fresh to trust: read again
    for (String n : List.of(MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS,
        MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS)) {
      settle(dir.resolve(n));
    }
    MnistData first = MnistData.read(dir);
    assertSame(first, MnistData.read(dir));
    assertEquals(4, first.trainLabel(1));
    flipLastByte(dir.resolve(MnistFiles.TRAIN_LABELS)); // the last label, 8, becomes 9
    MnistData changed = MnistData.read(dir);
    assertNotSame(first, changed);
    assertEquals(9, changed.trainLabel(2));
    assertEquals(8, first.trainLabel(2)); // what was handed out before stays as it was
  }
}
