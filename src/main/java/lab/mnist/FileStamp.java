package lab.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What a file looks like from outside (size, modification time, file key, and on Unix the time
 * of its inode's last change), to tell that it has not changed since it was last hashed or read.
 * A run checks and reads the MNIST files at its start and again at its end for the digit charts;
 * the second time costs a SHA-256 of 55 MB and a second copy of the images (about 0.3 s) for files
 * nobody touched. Across processes, see {@link VerifiedStamps}.
 *
 * <p>Only a file last modified at least {@link #SETTLED_MILLIS} before is stamped: a file system
 * records modification times at a coarse tick (milliseconds), so a change made right after a
 * stamp could leave the time as it was. A file changed later gets a later time. The inode change
 * time ({@code changed}, null where the file system has none) is moved by every write and every
 * change of the modification time, which a program can set back but not this one.
 */
record FileStamp(long size, FileTime modified, Object key, FileTime changed) {
  static final long SETTLED_MILLIS = 2_000;

  /** The stamp of {@code file} now, or null: unreadable, or modified too recently to tell. */
  static FileStamp of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      Instant settled = Instant.now().minusMillis(SETTLED_MILLIS);
      if (a.lastModifiedTime().toInstant().isAfter(settled)) return null;
      return new FileStamp(a.size(), a.lastModifiedTime(), a.fileKey(), changeTime(file));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static FileTime changeTime(Path file) {
    try {
      return Files.getAttribute(file, "unix:ctime") instanceof FileTime t ? t : null;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether this stamp can be kept across processes: it has a file key and a change time. */
  boolean durable() {
    return key != null && changed != null;
  }

  /** One line of text that only an equal stamp gives (for {@link #durable} stamps). */
  String line() {
    return size + "\t" + modified.to(TimeUnit.NANOSECONDS) + "\t" + changed.to(TimeUnit.NANOSECONDS)
        + "\t" + key;
  }
}
