package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.TestSpecs;
import org.junit.jupiter.api.Test;

/** Grid expansion: counts, the documented order, stable job ids, each job's resolved spec. */
class SweepGridTest {

  private static Sweep projectSweep(String name) {
    return SweepLoader.load(TestSpecs.projectDir().resolve(Path.of("experiments", "sweeps",
        name + ".yaml")));
  }

  @Test
  void fullOptimizerSweepHasEveryPointOnEverySeed() {
    Sweep s = projectSweep("xor-optimizer-lr");
    assertEquals(2 * 4 * 3, s.points());
    assertEquals(2 * 4 * 3 * 20, s.jobs().size());
    assertEquals(20, s.byPoint().get(0).size());
  }

  @Test
  void everyShippedSweepFileLoads() throws Exception {
    Path dir = TestSpecs.projectDir().resolve(Path.of("experiments", "sweeps"));
    try (var files = java.nio.file.Files.list(dir)) {
      List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertEquals(10, yamls.size(), yamls.toString()); // with bench-xor-slice (./lab bench)
      for (Path f : yamls) {
        Sweep s = SweepLoader.load(f);
        int points = s.random() ? s.search().samples()
            : s.grid().values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
        assertEquals(points * s.seeds().size(), s.jobs().size(), f.toString());
      }
    }
    assertEquals(8 * 20, projectSweep("xor-width").jobs().size());
    assertEquals(2000, projectSweep("xor-width-quick").jobs().get(0).spec().epochs());
    assertEquals(12 * 10, projectSweep("noisy-xor-capacity").jobs().size());
    Sweep mnist = projectSweep("mnist-lr");
    assertEquals(3 * 2 * 3, mnist.jobs().size());
    assertEquals(10, mnist.jobs().get(0).spec().epochs());
    assertEquals(java.util.Map.of("valid_accuracy", 0.9), mnist.success().criteria());
  }

  @Test
  void firstKeyVariesSlowestAndSeedsAreInnermost() {
    List<Job> jobs = projectSweep("xor-optimizer-lr").jobs();
    assertEquals(Map.of("optimizer.name", "sgd", "optimizer.lr", 0.001,
        "model.hidden", List.of(2)), jobs.get(0).point());
    assertEquals(19L, jobs.get(19).seed());
    assertEquals(List.of(2, 2), jobs.get(20).point().get("model.hidden"));
    assertEquals(0.01, jobs.get(60).point().get("optimizer.lr"));
    assertEquals("adam", jobs.get(240).point().get("optimizer.name"));
    assertEquals(List.of(2, 2, 2), jobs.get(479).point().get("model.hidden"));
    assertEquals(1.0, jobs.get(479).point().get("optimizer.lr"));
    for (int i = 0; i < jobs.size(); i++) {
      assertEquals(i, jobs.get(i).index());
      assertEquals(i / 20, jobs.get(i).pointIndex());
    }
  }

  @Test
  void jobIdsAreStableAndReadable() {
    List<Job> a = projectSweep("xor-optimizer-lr").jobs();
    List<Job> b = projectSweep("xor-optimizer-lr").jobs();
    assertEquals(a.stream().map(Job::id).toList(), b.stream().map(Job::id).toList());
    assertEquals("0007-optimizer.name=sgd,optimizer.lr=0.001,model.hidden=2,seed=7",
        a.get(7).id());
    assertEquals("0479-optimizer.name=adam,optimizer.lr=1,model.hidden=2-2-2,seed=19",
        a.get(479).id());
    assertEquals(a.size(), a.stream().map(Job::id).distinct().count());
  }

  @Test
  void eachJobSpecIsTheBaseWithItsPointAndSeed() {
    Sweep s = projectSweep("xor-optimizer-lr");
    Job j = s.jobs().get(263);
    assertEquals("adam", j.spec().optimizer());
    assertEquals((double) j.point().get("optimizer.lr"), j.spec().lr());
    assertEquals(j.point().get("model.hidden"), j.spec().hidden());
    assertEquals(j.seed(), j.spec().seed());
    assertEquals(10000, j.spec().epochs());
    assertEquals("torch-default", j.spec().values().get("init"));
    assertEquals("xor-optimizer-lr-0263", j.spec().name());
  }

  @Test
  void seedListAndResolvedSweepRoundTrip() {
    Sweep s = SweepTestFiles.resolve(SweepTestFiles.TINY.replace("seeds: 2", "seeds: [3, 7]"));
    assertEquals(List.of(3L, 3L, 7L, 7L).size(), s.jobs().size());
    assertEquals(List.of(3L, 7L, 3L, 7L), s.jobs().stream().map(Job::seed).toList());
    // sweep.yaml holds the resolved sweep; read back, it gives the very same jobs.
    Sweep again = SweepLoader.resolve("sweep.yaml", s.toNested(), "x");
    assertEquals(s.jobs().stream().map(j -> j.spec().canonicalText()).toList(),
        again.jobs().stream().map(j -> j.spec().canonicalText()).toList());
  }
}
