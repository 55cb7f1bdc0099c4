package lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.core.UserError;
import lab.results.Json;
import lab.train.Checkpoints;

/** For the kill -9 tests: waits until a child's run has written a checkpoint far enough. */
public final class CheckpointWait {
  private CheckpointWait() {}

  /**
   * Polls the in-progress folders in {@code incoming} until one holds a checkpoint at
   * {@code epoch} or later, and returns that checkpoint's epoch; fails when {@code child} ends
   * first or none comes within {@code minutes}.
   */
  public static int atLeast(Path incoming, int epoch, Process child, int minutes)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    while (System.nanoTime() < deadline) {
      assertTrue(child.isAlive(), "the child ended before a checkpoint at epoch " + epoch);
      if (Files.isDirectory(incoming)) {
        try (Stream<Path> dirs = Files.list(incoming)) {
          for (Path d : dirs.toList()) {
            Path json = d.resolve(Checkpoints.JSON);
            if (!Files.isRegularFile(json)) continue;
            int e = ((Number) Json.read(json).get("epoch")).intValue();
            if (e >= epoch) return e;
          }
        } catch (UserError | IOException e) {
          // a checkpoint.json being renamed into place: look again
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no checkpoint at epoch " + epoch + " within " + minutes
        + " minutes");
  }
}
