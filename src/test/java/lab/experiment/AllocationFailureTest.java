package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lab.TestSpecs;
import lab.core.UserError;
import lab.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An allocation that fails during training (simulated: the trainer throws what JavaCPP and
 * ND4J throw) is one line; the stack trace is in error.log of the kept folder under .failed/,
 * and the previous result is untouched.
 */
class AllocationFailureTest {

  @Test
  void aFailedAllocationIsOneLineWithTheDetailsInALog(@TempDir Path results) throws Exception {
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam");
    Path target = results.resolve("xor-2-2-1-adam");
    Files.createDirectories(target);
    Files.writeString(target.resolve("summary.json"), "{\"previous\": true}");
    for (RuntimeException native_ : List.of(new RuntimeException("std::bad_alloc"),
        new IllegalStateException("wrapped", new OutOfMemoryError(
            "Cannot allocate new FloatPointer(1000000000): totalBytes = 1G")))) {
      UserError e = assertThrows(UserError.class, () -> ExperimentRunner.write(spec, target,
          false, dir -> {
            throw native_;
          }));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(e.getMessage().startsWith("spec xor-2-2-1-adam: memory: an allocation failed"
          + " during training"), e.getMessage());
      Path log = Path.of(e.getMessage().replaceAll(".*details in (\\S+error\\.log);.*", "$1"));
      assertTrue(Files.readString(log).contains("AllocationFailureTest"), "a stack trace");
      assertTrue(log.startsWith(results.resolve(".failed")), log.toString());
    }
    assertEquals("{\"previous\": true}", Files.readString(target.resolve("summary.json")));
    try (Stream<Path> s = Files.list(results.resolve(".incoming"))) {
      assertEquals(0, s.filter(Files::isDirectory).count());
    }
  }

  @Test
  void otherFailuresAreNotMistakenForMemory() {
    assertTrue(!AllocationFailure.is(new IllegalArgumentException("shape [2, 3]")));
    assertTrue(AllocationFailure.is(new OutOfMemoryError("Java heap space")));
  }
}
