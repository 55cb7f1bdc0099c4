package lab.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash leaves either the old content or the new one, never a mix: the
 * bytes go to a temporary file beside it, are flushed to disk (fsync), and the temporary file is
 * renamed over the target; the folder is then synced so that the rename itself survives a power
 * loss where the file system allows it.
 *
 * <p>Inside a result being written ({@link ResultsFolder}'s in-progress folder) the file is still
 * written beside its place and renamed into it, so that no reader and no kill sees half of it,
 * but it is not flushed there: {@link ResultsFolder#commit()} flushes every file of the folder,
 * all at once, before moving the folder into place. A folder that reaches its place is on disk
 * whole; one that does not was never a result. (A flush costs a few milliseconds each here, and
 * a sweep job writes half a dozen files.)
 */
public final class AtomicFiles {
  private static final long PID = ProcessHandle.current().pid();
  private static final java.util.concurrent.atomic.AtomicLong COUNTER =
      new java.util.concurrent.atomic.AtomicLong();

  private AtomicFiles() {}

  public static void writeString(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path file, byte[] bytes) {
    write(file, bytes, true);
  }

  /**
   * Writes a file that is drawn from others (a chart): beside its place and renamed into it, so
   * that no reader and no kill sees half of it, but never flushed to disk; a power loss costs
   * nothing that cannot be drawn again.
   */
  public static void replace(Path file, byte[] bytes) {
    write(file, bytes, false);
  }

  private static void write(Path file, byte[] bytes, boolean flush) {
    write(file, out -> out.write(bytes), flush);
  }

  /** What writes a file's content to a stream (the stream is closed by the caller). */
  @FunctionalInterface
  public interface Content {
    void writeTo(java.io.OutputStream out) throws IOException;
  }

  /**
   * As {@link #replace(Path, byte[])}, the content streamed by {@code content} instead of held
   * in memory whole (a model of hundreds of megabytes).
   */
  public static void replace(Path file, Content content) {
    write(file, content, false);
  }

  private static void write(Path file, Content content, boolean flush) {
    Path tmp = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      // In a result being written, ResultsFolder.commit() flushes every file at once.
      boolean flushNow = flush && !ResultsFolder.isStaged(parent);
      Temporary t = newTemporary(parent, file);
      tmp = t.path();
      try (FileChannel ch = t.channel()) {
        // Buffered; closing it (as a zip writer does) flushes but leaves the channel open.
        java.io.OutputStream out = new java.io.BufferedOutputStream(
            new java.io.FilterOutputStream(java.nio.channels.Channels.newOutputStream(ch)) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                flush();
              }
            }, 1 << 16);
        content.writeTo(out);
        out.flush();
        if (flushNow) ch.force(true);
      }
      move(tmp, file);
      tmp = null;
      if (flushNow) syncFolder(parent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The failure that brought us here is the one to report.
        }
      }
    }
  }

  private record Temporary(Path path, FileChannel channel) {}

  /**
   * A new, empty file beside {@code file}, open for writing: created new, so there is nothing to
   * truncate (on ext4 a truncated file, even an empty one, is written out when it is closed: 0.1
   * ms a file here), and with the permissions any new file in the folder gets (those of
   * Files.createTempFile are the owner's alone). A name taken by a file another process of the
   * same pid left behind is skipped.
   */
  private static Temporary newTemporary(Path parent, Path file) throws IOException {
    while (true) {
      Path tmp = parent.resolve("." + file.getFileName() + "." + PID + "-"
          + COUNTER.incrementAndGet() + ".tmp");
      try {
        return new Temporary(tmp,
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // not ours: the next number
      }
    }
  }

  /** Renames {@code from} over {@code to}, atomically where the file system can. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Flushes a file's bytes to disk (fsync). */
  public static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Makes a rename in {@code dir} durable; a no-op where folders cannot be opened (Windows). */
  static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Not every platform lets a folder be opened; the file itself is on disk already.
    }
  }
}
