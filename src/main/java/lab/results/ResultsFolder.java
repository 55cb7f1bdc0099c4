package lab.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A result written away from its final place and moved there only when complete, so a failed or
 * interrupted run leaves the previous result untouched. Files go into
 * {@code <root>/.incoming/<name>-<nonce>/}; {@link #commit()} swaps that folder in as
 * {@code <root>/<name>/} with renames on the same file system.
 */
public final class ResultsFolder implements AutoCloseable {

  private final Path target;
  private final Path incoming;
  private boolean committed;

  private ResultsFolder(Path target, Path incoming) {
    this.target = target;
    this.incoming = incoming;
  }

  public static ResultsFolder begin(Path target) {
    Path root = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(root.resolve(".incoming"));
      Path incoming = Files.createTempDirectory(
          root.resolve(".incoming"), target.getFileName() + "-");
      return new ResultsFolder(target.toAbsolutePath(), incoming);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where to write the files until {@link #commit()}. */
  public Path dir() {
    return incoming;
  }

  public Path target() {
    return target;
  }

  public void commit() {
    Path root = target.getParent();
    try {
      Path replaced = null;
      if (Files.exists(target)) {
        Files.createDirectories(root.resolve(".replaced"));
        replaced = Files.createTempDirectory(root.resolve(".replaced"), target.getFileName() + "-");
        Files.delete(replaced);
        move(target, replaced);
      }
      move(incoming, target);
      committed = true;
      if (replaced != null) deleteTree(replaced);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  @Override
  public void close() {
    if (!committed) deleteTree(incoming);
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
