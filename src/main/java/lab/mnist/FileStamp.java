package lab.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * What a file looks like from outside (size, modification time, file key), to tell within one
 * process that it has not changed since it was last hashed or read. A run checks and reads the
 * MNIST files at its start and again at its end for the digit charts; the second time costs a
 * SHA-256 of 55 MB and a second copy of the images (about 0.3 s) for files nobody touched.
 *
 * <p>Only a file last modified at least {@link #SETTLED_MILLIS} before is stamped: a file system
 * records modification times at a coarse tick (milliseconds), so a change made right after a
 * stamp could leave the time as it was. A file changed later gets a later time.
 */
record FileStamp(long size, FileTime modified, Object key) {
  static final long SETTLED_MILLIS = 2_000;

  /** The stamp of {@code file} now, or null: unreadable, or modified too recently to tell. */
  static FileStamp of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      Instant settled = Instant.now().minusMillis(SETTLED_MILLIS);
      if (a.lastModifiedTime().toInstant().isAfter(settled)) return null;
      return new FileStamp(a.size(), a.lastModifiedTime(), a.fileKey());
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
