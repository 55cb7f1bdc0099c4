package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by AtomicFiles replaces the old one whole, leaves nothing beside it, and gets
 * the permissions any new file in its folder gets (not the owner-only ones of a JDK temp file).
 */
class AtomicFilesTest {

  @Test
  void aFileIsReplacedWholeWithNothingLeftBeside(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs.csv");
    AtomicFiles.writeString(runs, "a\n");
    AtomicFiles.writeString(runs, "b\n");
    assertEquals("b\n", Files.readString(runs));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(runs), s.toList());
    }
    Files.delete(runs);
    Path file = dir.resolve("summary.json");
    Files.writeString(file, "an older and longer text than the new one");
    AtomicFiles.writeString(file, "{}");
    assertEquals("{}", Files.readString(file));
    AtomicFiles.replace(dir.resolve("chart.png"), new byte[] {1, 2, 3});
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("chart.png", "summary.json"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aWrittenFileHasTheUsualPermissionsOfANewFile(@TempDir Path dir) throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "no POSIX permissions to compare on this file system");
    Path usual = Files.createFile(dir.resolve("usual"));
    Path written = dir.resolve("written.csv");
    AtomicFiles.writeString(written, "a,b\n");
    Path drawn = dir.resolve("drawn.png");
    AtomicFiles.replace(drawn, new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(written));
    assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(drawn));
  }

  @Test
  void aLeftoverTemporaryFileOfTheSameNameIsNotTouched(@TempDir Path dir) throws Exception {
    // The next 20 names this process would pick, taken by files another writer left.
    String prefix = ".metrics.csv." + ProcessHandle.current().pid() + "-";
    long next = counter() + 1;
    for (long n = next; n < next + 20; n++) {
      Files.writeString(dir.resolve(prefix + n + ".tmp"), "someone else's");
    }
    Path file = dir.resolve("metrics.csv");
    AtomicFiles.writeString(file, "mine");
    assertEquals("mine", Files.readString(file));
    for (long n = next; n < next + 20; n++) {
      assertEquals("someone else's", Files.readString(dir.resolve(prefix + n + ".tmp")));
    }
  }

  private static long counter() throws Exception {
    java.lang.reflect.Field f = AtomicFiles.class.getDeclaredField("COUNTER");
    f.setAccessible(true);
    return ((java.util.concurrent.atomic.AtomicLong) f.get(null)).get();
  }
}
