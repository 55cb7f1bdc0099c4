package lab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Small XOR sweeps for the Spark tests, and the comparison of two sweep folders' numbers. */
final class SparkTestFiles {
  private SparkTestFiles() {}

  /** Two grid points x {@code seeds} seeds of XOR, {@code epochs} epochs each. */
  static String xor(String name, int seeds, int epochs) {
    return """
        name: %s
        spec:
          experiment: xor
          model: {hidden: [4]}
          optimizer: {name: adam, lr: 0.01}
          epochs: %d
          log_every: 0
          record_every: %d
        grid:
          model.hidden: [[2], [4, 4]]
        seeds: %d
        success: {train_accuracy: 1.0}
        """.formatted(name, epochs, Math.max(1, epochs / 20), seeds);
  }

  static Path write(Path dir, String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The job folders of a sweep folder, by name. */
  static List<String> jobs(Path sweepDir) {
    try (Stream<Path> s = Files.list(sweepDir.resolve("runs"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every job of {@code b} has the numbers of the same job of {@code a} to the bit: metrics.csv
   * byte for byte (every recorded loss and accuracy), and the same jobs on both sides.
   */
  static void assertSameNumbers(Path a, Path b) {
    List<String> ja = jobs(a);
    assertEquals(ja, jobs(b));
    assertTrue(ja.size() > 0);
    for (String job : ja) {
      try {
        assertArrayEquals(Files.readAllBytes(a.resolve("runs").resolve(job).resolve("metrics.csv")),
            Files.readAllBytes(b.resolve("runs").resolve(job).resolve("metrics.csv")), job);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertEquals(runsWithoutWallTime(a), runsWithoutWallTime(b));
  }

  /** runs.csv without its wall_seconds column (the one value that depends on the machine). */
  static List<String> runsWithoutWallTime(Path sweepDir) {
    try {
      return Files.readAllLines(sweepDir.resolve("runs.csv")).stream()
          .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
