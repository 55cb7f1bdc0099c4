package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs share nothing but the JVM: the numbers do not depend on how many run at a time. */
class SweepParallelTest {

  @Test
  void oneAndTwoThreadsGiveTheSameRuns(@TempDir Path dir) {
    String yaml = SweepTestFiles.TINY.replace("optimizer.name: [sgd, adam]", "optimizer.name: [sgd, adam]\n  model.hidden: [[2], [3, 3]]");
    Path file = SweepTestFiles.write(dir, "tiny", yaml);
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--parallel", "1",
        "--results", one.toString()).code());
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--parallel", "2",
        "--results", two.toString()).code());
    List<String> a = SweepTestFiles.runsWithoutTrainTime(one.resolve("sweeps/tiny"));
    List<String> b = SweepTestFiles.runsWithoutTrainTime(two.resolve("sweeps/tiny"));
    assertEquals(1 + 2 * 2 * 2, a.size());
    assertEquals(a, b);
  }
}
