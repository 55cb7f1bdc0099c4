package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.core.UserError;
import lab.results.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * search: random: points drawn from per-key distributions, the same on every machine, each run
 * on every seed; bad distributions rejected in one line; sweep.yaml round trips to the bit.
 */
class SweepRandomSearchTest {

  static final String RANDOM = """
      name: rnd
      spec:
        experiment: xor
        model: {hidden: [2]}
        optimizer: {name: adam}
        log_every: 0
        record_every: 5
      search: random
      samples: 8
      grid:
        optimizer.lr: loguniform(0.001, 1)
        epochs: int(20, 60)
        model.hidden: [[2], [3]]
      seeds: 2
      success: {train_accuracy: 1.0}
      """;

  @Test
  void drawsAreTheReferenceValues() {
    // Reference: an independent Python re-implementation of the documented draw (SplitMix64 per
    // key seeded from search_seed and the FNV-1a hash of the key, 53-bit doubles, bounded ints by
    // rejection, reals rounded half-even to 4 significant digits), run by hand with CPython 3.
    // Exact equality: the draws must be the same bits on every machine.
    Sweep s = SweepTestFiles.resolve(RANDOM);
    assertEquals(List.of(0.001151, 0.04815, 0.04921, 0.6662, 0.01325, 0.0119, 0.7322, 0.02271),
        s.grid().get("optimizer.lr"));
    assertEquals(List.of(53, 32, 50, 20, 36, 43, 53, 47), s.grid().get("epochs"));
    assertEquals(List.of(List.of(3), List.of(3), List.of(3), List.of(3), List.of(2), List.of(3),
        List.of(2), List.of(2)), s.grid().get("model.hidden"));
    Sweep seven =
        SweepTestFiles.resolve(RANDOM.replace("samples: 8", "samples: 8\nsearch_seed: 7"));
    assertEquals(List.of(0.04916, 0.003573, 0.7019, 0.005906, 0.03646, 0.1731, 0.002132, 0.1199),
        seven.grid().get("optimizer.lr"));
    Sweep uniform = SweepTestFiles.resolve(RANDOM.replace("optimizer.lr: loguniform(0.001, 1)",
        "optimizer.momentum: uniform(0.5, 0.99)").replace("samples: 8", "samples: 4"));
    assertEquals(List.of(0.8825, 0.5853, 0.5269, 0.8208), uniform.grid().get("optimizer.momentum"));
  }

  @Test
  void everySampleRunsOnEverySeedWithStableIds() {
    Sweep s = SweepTestFiles.resolve(RANDOM);
    assertEquals(16, s.jobs().size());
    assertEquals(8, s.points());
    assertEquals("0000-optimizer.lr=0.001151,epochs=53,model.hidden=3,seed=0",
        s.jobs().get(0).id());
    assertEquals("0015-optimizer.lr=0.02271,epochs=47,model.hidden=2,seed=1",
        s.jobs().get(15).id());
    for (Job j : s.jobs()) {
      assertEquals(s.grid().get("optimizer.lr").get(j.pointIndex()), j.spec().lr());
      assertEquals(s.grid().get("epochs").get(j.pointIndex()), j.spec().values().get("epochs"));
    }
    assertEquals(s.jobs().stream().map(Job::id).toList(),
        SweepTestFiles.resolve(RANDOM).jobs().stream().map(Job::id).toList());
  }

  @Test
  void moreSamplesKeepTheFirstAndAnotherKeyLeavesTheOthers() {
    Sweep eight = SweepTestFiles.resolve(RANDOM);
    Sweep twelve = SweepTestFiles.resolve(RANDOM.replace("samples: 8", "samples: 12"));
    assertEquals(eight.drawn(), twelve.drawn().subList(0, 8));
    Sweep more = SweepTestFiles.resolve(RANDOM.replace("model.hidden: [[2], [3]]",
        "model.hidden: [[2], [3]]\n  optimizer.beta1: uniform(0.8, 0.95)"));
    assertEquals(eight.grid().get("optimizer.lr"), more.grid().get("optimizer.lr"));
    Sweep other =
        SweepTestFiles.resolve(RANDOM.replace("samples: 8", "samples: 8\nsearch_seed: 1"));
    assertNotEquals(eight.grid().get("optimizer.lr"), other.grid().get("optimizer.lr"));
  }

  @Test
  void drawsStayInTheirRanges() {
    Sweep s = SweepTestFiles.resolve(RANDOM.replace("samples: 8", "samples: 400")
        .replace("int(20, 60)", "int(20, 22)"));
    for (Object lr : s.grid().get("optimizer.lr")) {
      double v = (Double) lr;
      assertTrue(v >= 0.001 && v <= 1, "lr " + v);
      assertEquals(v, RandomSearch.round(v), "4 significant digits: " + v);
    }
    assertEquals(java.util.Set.of(20, 21, 22), new java.util.HashSet<>(s.grid().get("epochs")));
    // loguniform: about as many draws per decade
    long below = s.grid().get("optimizer.lr").stream().filter(v -> (Double) v < 0.01).count();
    assertTrue(below > 100 && below < 170, below + " of 400 below 0.01");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "optimizer.lr: loguniform(0.001, 1) | optimizer.lr: loguniform(0, 1) | grid.optimizer.lr: 'loguniform(0, 1)' is not allowed; allowed: loguniform(a, b) with 0 < a < b",
      "optimizer.lr: loguniform(0.001, 1) | optimizer.lr: uniform(2, 1) | grid.optimizer.lr: 'uniform(2, 1)' is not allowed; allowed: uniform(a, b) with a < b",
      "epochs: int(20, 60) | epochs: int(1.5, 3) | grid.epochs: 'int(1.5, 3)' is not allowed; allowed: int(a, b) with whole numbers a <= b",
      "optimizer.lr: loguniform(0.001, 1) | optimizer.lr: normal(0, 1) | grid.optimizer.lr: 'normal(0, 1)': unknown distribution normal; allowed: loguniform(a, b)",
      "optimizer.lr: loguniform(0.001, 1) | optimizer.lr: loguniform(0.001, 1000) | grid.optimizer.lr: 'loguniform(0.001, 1000)': its bound 1000 is not allowed for optimizer.lr; allowed: a number > 0 and <= 100",
      "optimizer.lr: loguniform(0.001, 1) | optimizer.lr: 0.1 | grid.optimizer.lr: 0.1 is not allowed; allowed under search: random: loguniform(a, b)",
      "epochs: int(20, 60) | epochs: uniform(20, 60) | grid.epochs: 'uniform(20, 60)': epochs takes whole numbers; allowed: int(a, b)",
      "model.hidden: [[2], [3]] | model.hidden: int(2, 4) | grid.model.hidden: 'int(2, 4)': a distribution needs a key that takes one number",
      "samples: 8 | samples: 0 | samples: 0 is not allowed; allowed: with search: random, a whole number from 1",
      "samples: 8 | search_seed: 3 | samples: missing; allowed: with search: random",
      "search: random | search: bayes | search: 'bayes' is not allowed; allowed: grid",
      "search: random | search: grid | grid.optimizer.lr: 'loguniform(0.001, 1)' is a distribution; distributions need search: random",
  })
  void badSearchesAreOneLineNamingFileAndKey(String from, String to, String expected) {
    String yaml = RANDOM.replace(from, to);
    if (to.equals("search: grid")) yaml = yaml.replace("samples: 8\n", "");
    String text = yaml;
    UserError e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(text));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith("test-sweep.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void anInitValueThatLooksLikeADistributionIsAValueNotADistribution() {
    String grid = SweepTestFiles.TINY.replace("optimizer.name: [sgd, adam]", "init: uniform(1,2)");
    UserError e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(grid));
    assertTrue(e.getMessage().contains("grid.init: 'uniform(1,2)' is not allowed; allowed: a"
        + " non-empty list"), e.getMessage());
    String random = RANDOM.replace("model.hidden: [[2], [3]]", "init: uniform(1,2)");
    e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(random));
    assertTrue(e.getMessage().contains("a distribution needs a key that takes one number"),
        e.getMessage());
    Sweep choice = SweepTestFiles.resolve(RANDOM.replace("model.hidden: [[2], [3]]",
        "init: [\"uniform(1,2)\", xavier]"));
    assertEquals(List.of("uniform(1,2)", "xavier"), choice.search().space().get("init"));
  }

  @Test
  void samplesOrSearchSeedUnderAGridAreRejected() {
    String grid = SweepTestFiles.TINY.replace("seeds: 2", "seeds: 2\nsamples: 4");
    UserError e = assertThrows(UserError.class, () -> SweepTestFiles.resolve(grid));
    assertTrue(e.getMessage().contains("samples: only with search: random"), e.getMessage());
  }

  @Test
  void sweepYamlReadsBackToTheSameBitsAndATamperedDrawIsRefused(@TempDir Path dir)
      throws Exception {
    Sweep s = SweepTestFiles.resolve(RANDOM.replace("samples: 8", "samples: 30"));
    Path folder = Files.createDirectories(dir.resolve("rnd/runs")).getParent();
    Path yaml = folder.resolve("sweep.yaml");
    Yaml.write(yaml, SweepResume.toNested(s, true));
    assertTrue(Files.readString(yaml).contains("search: random"), Files.readString(yaml));
    Sweep back = SweepLoader.load(yaml);
    assertEquals(s.jobs().stream().map(Job::id).toList(),
        back.jobs().stream().map(Job::id).toList());
    for (int i = 0; i < 30; i++) {
      assertEquals(Double.doubleToRawLongBits((Double) s.grid().get("optimizer.lr").get(i)),
          Double.doubleToRawLongBits((Double) back.grid().get("optimizer.lr").get(i)));
    }
    assertEquals(Yaml.text(SweepResume.toNested(s, true)),
        Yaml.text(SweepResume.toNested(back, true)));
    assertEquals(List.of(), SweepResume.differences(back, s));
    String tampered = Files.readString(yaml).replaceFirst("optimizer.lr: 0.001151",
        "optimizer.lr: 0.001152");
    assertNotEquals(Files.readString(yaml), tampered);
    Files.writeString(yaml, tampered);
    UserError e = assertThrows(UserError.class, () -> SweepLoader.load(yaml));
    assertTrue(e.getMessage().contains("drawn: sample 0: optimizer.lr: 0.001152 in sweep.yaml,"
        + " 0.001151 drawn now"), e.getMessage());
  }

  @Test
  void aSmallRandomSweepRunsChartsAndGrowsBySamples(@TempDir Path dir) throws Exception {
    String small = RANDOM.replace("samples: 8", "samples: 3").replace("int(20, 60)", "int(10, 30)");
    Path file = SweepTestFiles.write(dir, "rnd", small);
    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--results",
        dir.toString());
    assertEquals(0, o.code(), o.err());
    Path out = dir.resolve("sweeps/rnd");
    assertEquals(7, Files.readAllLines(out.resolve("runs.csv")).size());
    assertTrue(Files.readString(out.resolve("summary.md")).contains("- random search: 3 points"
        + " drawn (search_seed 0) from optimizer.lr loguniform(0.001, 1);"));
    assertTrue(Files.size(out.resolve("charts/final-loss-vs-lr.png")) > 0);
    assertTrue(Files.size(out.resolve("charts/final-loss-vs-epochs.png")) > 0);
    Map<String, Object> stored = SweepTestFiles.yaml(out.resolve("sweep.yaml"));
    assertEquals(3, ((List<?>) stored.get(Sweep.DRAWN)).size());

    SweepTestFiles.write(dir, "rnd", small.replace("samples: 3", "samples: 4"));
    o = SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString(), "--resume");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("6 already done, 2 to run"), o.out());
    assertEquals(9, Files.readAllLines(out.resolve("runs.csv")).size());

    SweepTestFiles.write(dir, "rnd", small.replace("samples: 3", "samples: 2"));
    o = SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString(), "--resume");
    assertEquals(2, o.code(), o.out());
    assertTrue(o.err().contains("samples: 4 in sweep.yaml, 2 now"), o.err());
  }
}
