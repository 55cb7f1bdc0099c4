package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.results.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ./lab sweep --base ... --grid ... --seeds ... --name ...: the same sweep.yaml and job ids as the
 * equivalent sweep file, then run; errors name the argument.
 */
class SweepCommandLineTest {

  private static final String[] CLI = {"--base", "xor-3hidden",
      "--grid", "optimizer.lr=0.01,0.1", "--grid", "model.hidden=[2],[4]",
      "--seeds", "10", "--set", "epochs=2000", "--name", "my-sweep"};

  /** The file the issue's command line stands for. */
  private static final String FILE = """
      name: my-sweep
      base: xor-3hidden
      set: {epochs: 2000}
      grid:
        optimizer.lr: [0.01, 0.1]
        model.hidden: [[2], [4]]
      seeds: 10
      success: {train_accuracy: 1.0}
      """;

  private static CommandLineSweep parse(String... args) {
    String base = null;
    String seeds = null;
    String search = null;
    Integer samples = null;
    String name = null;
    List<String> grids = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--base" -> base = v;
        case "--grid" -> grids.add(v);
        case "--set" -> sets.add(v);
        case "--seeds" -> seeds = v;
        case "--search" -> search = v;
        case "--samples" -> samples = Integer.valueOf(v);
        case "--name" -> name = v;
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    return new CommandLineSweep(base, grids, sets, seeds, List.of(), null, search, samples, null,
        name, null, null);
  }

  private static String sweepYaml(Sweep s) {
    return Yaml.text(SweepResume.toNested(s, true));
  }

  @Test
  void theIssuesCommandLineGivesTheFilesSweepYamlAndJobs() {
    Sweep cli = parse(CLI).resolve();
    Sweep file = SweepTestFiles.resolve(FILE);
    assertEquals(sweepYaml(file), sweepYaml(cli));
    assertEquals(file.jobs().stream().map(Job::id).toList(),
        cli.jobs().stream().map(Job::id).toList());
    assertEquals(40, cli.jobs().size());
    assertEquals("0039-optimizer.lr=0.1,model.hidden=4,seed=9", cli.jobs().get(39).id());
  }

  @Test
  void aRandomSearchOnTheCommandLineGivesTheFilesDraws() {
    Sweep cli = parse("--base", "xor-2-2-1-adam", "--search", "random", "--samples", "8",
        "--grid", "optimizer.lr=loguniform(1e-3,1)", "--seeds", "5", "--name", "r").resolve();
    Sweep file = SweepTestFiles.resolve("""
        name: r
        base: xor-2-2-1-adam
        search: random
        samples: 8
        grid:
          optimizer.lr: loguniform(0.001, 1)
        seeds: 5
        success: {train_accuracy: 1.0}
        """);
    assertEquals(sweepYaml(file), sweepYaml(cli));
    assertEquals(List.of(0.001151, 0.04815, 0.04921, 0.6662, 0.01325, 0.0119, 0.7322, 0.02271),
        cli.grid().get("optimizer.lr"));
  }

  @Test
  void commasInsideBracketsAndParenthesesStayInTheirValue() {
    Sweep cli = parse("--base", "xor-2-2-1-adam", "--grid", "init=normal(0,0.1),xavier",
        "--grid", "model.hidden=[2,2],[4]", "--seeds", "2", "--name", "i").resolve();
    Sweep file = SweepTestFiles.resolve("""
        name: i
        base: xor-2-2-1-adam
        grid:
          init: ["normal(0,0.1)", xavier]
          model.hidden: [[2, 2], [4]]
        seeds: 2
        success: {train_accuracy: 1.0}
        """);
    assertEquals(sweepYaml(file), sweepYaml(cli));
    assertEquals(List.of("normal(0,0.1)", "xavier"), cli.grid().get("init"));
  }

  @Test
  void runsAndWritesTheBytesTheFileWrites(@TempDir Path dir) throws Exception {
    String[] small = {"--base", "xor-2-2-1-adam", "--grid", "optimizer.lr=0.1,1",
        "--seeds", "2", "--set", "epochs=30", "--set", "record_every=10", "--name", "cli"};
    SweepTestFiles.Outcome o = SweepTestFiles.lab(with(small, "sweep", "--results",
        dir.resolve("a").toString()));
    assertEquals(0, o.code(), o.err());
    Path file = SweepTestFiles.write(dir, "cli", """
        name: cli
        base: xor-2-2-1-adam
        set: {epochs: 30, record_every: 10}
        grid: {optimizer.lr: [0.1, 1]}
        seeds: 2
        success: {train_accuracy: 1.0}
        """);
    o = SweepTestFiles.lab("sweep", file.toString(), "--results", dir.resolve("b").toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(Files.readString(dir.resolve("b/sweeps/cli/sweep.yaml")),
        Files.readString(dir.resolve("a/sweeps/cli/sweep.yaml")));
    assertEquals(SweepTestFiles.runsWithoutTrainTime(dir.resolve("b/sweeps/cli")),
        SweepTestFiles.runsWithoutTrainTime(dir.resolve("a/sweeps/cli")));

    // The same name for another sweep: refused, with --resume too (naming what differs).
    String[] other = small.clone();
    other[3] = "optimizer.lr=0.5";
    o = SweepTestFiles.lab(with(other, "sweep", "--results", dir.resolve("a").toString()));
    assertEquals(2, o.code(), o.out());
    assertTrue(o.err().contains("exists; add --resume"), o.err());
    o = SweepTestFiles.lab(with(other, "sweep", "--results", dir.resolve("a").toString(),
        "--resume"));
    assertEquals(2, o.code(), o.out());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains("grid.optimizer.lr: [0.1,1] in sweep.yaml, [0.5] now"), o.err());
    // The same sweep again with --resume: nothing to run.
    o = SweepTestFiles.lab(with(small, "sweep", "--results", dir.resolve("a").toString(),
        "--resume"));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("4 already done, 0 to run"), o.out());
  }

  private static String[] with(String[] args, String first, String... more) {
    List<String> out = new ArrayList<>(List.of(first));
    out.addAll(List.of(args));
    out.addAll(List.of(more));
    return out.toArray(String[]::new);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "optimizer.lr | --grid optimizer.lr: expected KEY=VALUES",
      "=0.1 | --grid =0.1: expected KEY=VALUES",
      "optimizer.lr=0.1,-1 | --grid optimizer.lr=0.1,-1: grid.optimizer.lr: -1 is not allowed; allowed: a number > 0",
      "optimiser.lr=0.1 | --grid optimiser.lr=0.1: grid.optimiser.lr: unknown spec key (did you mean optimizer.lr?)",
      "optimizer.lr=[0.1 | --grid optimizer.lr=[0.1: '[0.1' is not a comma-separated list of values",
      "optimizer.lr=uniform(2,1) | --grid optimizer.lr=uniform(2,1): grid.optimizer.lr: 'uniform(2,1)' is a distribution; distributions need search: random",
  })
  void aBadGridArgumentIsOneLineNamingIt(String grid, String expected, @TempDir Path dir) {
    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", "--base", "xor-2-2-1-adam", "--grid",
        grid, "--seeds", "2", "--name", "bad", "--results", dir.toString());
    assertEquals(2, o.code(), o.out());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains(expected), o.err());
    assertFalse(o.err().contains("Exception"), o.err());
    assertFalse(Files.exists(dir.resolve("sweeps")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "xor-width-quick --base xor-3hidden | only define a sweep without a file",
      "--base xor-3hidden --grid optimizer.lr=0.1 --seeds 2 | --name: missing",
      "--base xor-3hidden --grid optimizer.lr=0.1 --name n | --seeds: missing",
      "--base xor-3hidden --seeds 2 --name n | --grid: missing",
      "--grid optimizer.lr=0.1 --seeds 2 --name n | no sweep given",
      "--base xor-3hidden --grid optimizer.lr=0.1 --grid optimizer.lr=1 --seeds 2 --name n | optimizer.lr is given twice on the command line",
      "--base xor-3hidden --grid optimizer.lr=0.1 --seeds 0 --name n | the command line: seeds: 0 is not allowed",
      "--base mnist-ch11 --grid optimizer.lr=0.1 --seeds 2 --name n | --success: missing; a sweep of experiment mnist",
      "--base xor-3hidden --search random --grid optimizer.lr=0.1 --seeds 2 --name n | the command line: samples: missing",
  })
  void aBadCommandLineIsOneLine(String args, String expected, @TempDir Path dir) {
    List<String> all = new ArrayList<>(List.of("sweep"));
    all.addAll(List.of(args.split(" ")));
    all.addAll(List.of("--results", dir.toString()));
    SweepTestFiles.Outcome o = SweepTestFiles.lab(all.toArray(String[]::new));
    assertEquals(2, o.code(), o.out());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains(expected), o.err());
  }
}
