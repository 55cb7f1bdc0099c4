package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lab.TestSpecs;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-of-run warm-up (EndWarmUp) draws charts and computes evaluation measures on made-up
 * numbers while a run trains: it must do all of it, leave nothing behind, and change nothing of
 * a run that trains beside it.
 */
class EndWarmUpTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void doesAllItsWorkAndLeavesNoFolderBehind() throws Exception {
    List<Path> before = warmUpFolders();
    assertTrue(EndWarmUp.run(), "every chart and the measures were made");
    assertEquals(before, warmUpFolders(), "its temporary folder is deleted");
  }

  @Test
  void aRunTrainedBesideItGivesTheSameFiles(@TempDir Path tmp) throws Exception {
    ExperimentSpec spec = TestSpecs.project("xor-3hidden", "epochs=300");
    ExperimentRunner.run(spec, tmp.resolve("alone"), QUIET);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Thread beside = new Thread(() -> {
      while (!stop.get()) {
        if (!EndWarmUp.run()) failed.set(true);
        rounds.incrementAndGet();
      }
    });
    beside.start();
    try {
      ExperimentRunner.run(spec, tmp.resolve("beside"), QUIET);
    } finally {
      stop.set(true);
      beside.join();
    }
    assertTrue(rounds.get() > 0 && !failed.get(), "the warm-up ran beside the training");
    for (String file : List.of("metrics.csv", "model.zip", "evaluation.json")) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("alone").resolve(file)),
          Files.readAllBytes(tmp.resolve("beside").resolve(file)), file);
    }
  }

  private static List<Path> warmUpFolders() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("lab-warm-up")).sorted().toList();
    }
  }
}
