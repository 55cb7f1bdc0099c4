package lab.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.cli.Main;

/** Small sweeps for tests, and ./lab run in-process with its output captured. */
final class SweepTestFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Four jobs of a few epochs: sgd and adam at lr 0.1, seeds 0 and 1. */
  /**
   * Identity units, summed squared error, weights in U(1,2): plain SGD at lr 50 explodes, lr 0.01
   * does not; {@code seeds} seeds per learning rate.
   */
  static String diverging(int seeds) {
    return """
        name: diverging
        spec:
          experiment: xor
          model: {hidden: [2], activation: identity, output: identity}
          loss: sse
          init: uniform(1,2)
          optimizer: {name: sgd}
          epochs: 30
          log_every: 0
          record_every: 5
        grid:
          optimizer.lr: [50, 0.01]
        seeds: %d
        success: {train_accuracy: 0.5}
        """.formatted(seeds);
  }

  static final String TINY = """
      name: tiny
      spec:
        experiment: xor
        model: {hidden: [2]}
        epochs: 40
        log_every: 0
        record_every: 5
      grid:
        optimizer.name: [sgd, adam]
      set: {optimizer.lr: 0.1}
      seeds: 2
      success: {train_accuracy: 1.0, max_final_train_loss: 0.05}
      target_loss: 0.69
      """;

  record Outcome(int code, String out, String err) {}

  private SweepTestFiles() {}

  static Sweep resolve(String yaml) {
    try {
      return SweepLoader.resolve("test-sweep.yaml", YAML.readValue(yaml, Object.class), "test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML file as a mapping. */
  @SuppressWarnings("unchecked")
  static java.util.Map<String, Object> yaml(Path file) {
    try {
      return YAML.readValue(file.toFile(), java.util.Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Outcome lab(String... args) {
    lab.LabCli.Result r = lab.LabCli.run(args);
    return new Outcome(r.code(), r.out(), r.err());
  }


  /** The cells of a runs.csv line; the job id (holding commas) is quoted. */
  static List<String> cells(String line) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  /** runs.csv without its train_seconds column (the one value that depends on the machine). */
  static List<String> runsWithoutTrainTime(Path sweepDir) {
    try {
      return Files.readAllLines(sweepDir.resolve("runs.csv")).stream()
          .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
