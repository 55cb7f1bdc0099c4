package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References stay references (issue 15.8): a run with --set writes its own folder named from the
 * overrides; only a run of the spec itself, or --name, writes results/NAME/. Charts find them.
 */
class RunFolderTest {
  static final String SPEC = "xor-2-2-1-adam";

  static LabCli.Result run(Path results, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "run";
    args[1] = SPEC;
    args[2] = "--results";
    args[3] = results.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    LabCli.Result r = LabCli.run(args);
    assertEquals(0, r.code(), r.err());
    return r;
  }

  @Test
  void overridesGetTheirOwnStableFolder(@TempDir Path dir) throws Exception {
    Path reference = Files.createDirectories(dir.resolve(SPEC));
    Files.writeString(reference.resolve("summary.json"), "{\"name\": \"the reference\"}");
    LabCli.Result first = run(dir, "--set", "seed=7", "--set", "epochs=3", "--set", "log_every=0");
    Path own = dir.resolve(SPEC + "@epochs=3,log_every=0,seed=7");
    assertTrue(first.out().contains("-> " + own), first.out());
    Map<String, Object> summary = Json.read(own.resolve("summary.json"));
    assertEquals(7L, ((Number) summary.get("seed")).longValue());
    assertEquals(SPEC, summary.get("name"));
    // the same overrides in another order and spelling: the same folder, replaced
    run(dir, "--set", "log_every=0", "--set", "epochs=3", "--set", "seed=07");
    try (var s = Files.list(dir)) {
      assertEquals(2, s.filter(p -> !p.getFileName().toString().startsWith(".")).count());
    }
    assertEquals("{\"name\": \"the reference\"}",
        Files.readString(reference.resolve("summary.json")), "the reference is untouched");
  }

  @Test
  void nameChoosesTheFolderAndEngineKeepsItsSuffix(@TempDir Path dir) {
    run(dir, "--set", "epochs=3", "--set", "log_every=0", "--name", "mine");
    assertEquals("mine", Json.read(dir.resolve("mine/summary.json")).get("name"));
    run(dir, "--set", "epochs=3", "--set", "log_every=0", "--engine", "dl4j-stock");
    assertTrue(Files.isRegularFile(
        dir.resolve(SPEC + "-dl4j-stock@epochs=3,log_every=0/summary.json")));
    assertFalse(Files.exists(dir.resolve(SPEC)));
  }

  @Test
  void chartsFindsTheRunsWithOverrides(@TempDir Path dir) throws Exception {
    run(dir, "--set", "epochs=3", "--set", "log_every=0");
    Path own = dir.resolve(SPEC + "@epochs=3,log_every=0");
    Files.delete(own.resolve("loss.png"));
    LabCli.Result r = LabCli.run("charts", SPEC, "--results", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("redrew charts of " + own), r.out());
    assertTrue(Files.size(own.resolve("loss.png")) > 1000);
    LabCli.Result none = LabCli.run("charts", "xor-2-2-1-adm", "--results", dir.toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no result there (no summary.json); run ./lab run"
        + " xor-2-2-1-adm; results there: " + SPEC + "@epochs=3,log_every=0"), none.err());
  }

  /**
   * A --results that is a file, lies under a file, or is empty is refused in one line before any
   * training, for every command that writes there, and nothing is written.
   */
  @Test
  void aBadResultsFolderIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    String[][] commands = {
        {"run", SPEC, "--set", "epochs=3"}, {"sweep", "xor-width-quick"},
        {"trace", "xor-2-2-1-sgd"}, {"charts", SPEC}, {"list"}, {"compare", SPEC, SPEC}};
    for (String[] c : commands) {
      for (String where : List.of(file.toString(), file.resolve("under").toString(), "")) {
        String[] args = java.util.Arrays.copyOf(c, c.length + 2);
        args[c.length] = "--results";
        args[c.length + 1] = where;
        LabCli.Result r = LabCli.run(args);
        String what = String.join(" ", args);
        assertEquals(2, r.code(), what + ": " + r.out() + r.err());
        assertFalse(r.out().contains("Epoch"), what + " trained: " + r.out());
        assertTrue(r.err().startsWith("error: --results '" + where + "'") && where.isEmpty()
            || r.err().startsWith("error: --results " + where + ": not a folder")
            || r.err().startsWith("error: --results " + where + ": cannot be created")
            || r.err().startsWith("error: --results " + where + ": no such folder"), what
            + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
      }
    }
    assertEquals("not a folder", Files.readString(file));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "nothing but the file");
    }
  }

  /**
   * A network of more than 100,000 parameters keeps them in model.zip only: summary.json says so
   * instead of holding them, the console prints their count instead of the numbers, and the
   * output surface (drawn from them) is left out, also when the charts are redrawn.
   */
  @Test
  void aLargeNetworkKeepsItsParametersInTheModelOnly(@TempDir Path dir) throws Exception {
    LabCli.Result r = run(dir, "--set", "model.hidden=[400,400]", "--set", "epochs=2",
        "--name", "big");
    assertTrue(r.out().contains("parameters: 162,001, more than 1,000: not printed (model.zip"
        + " holds them)"), r.out());
    assertFalse(r.out().contains("layer 0 W"), r.out());
    Path big = dir.resolve("big");
    Map<String, Object> summary = Json.read(big.resolve("summary.json"));
    assertFalse(summary.containsKey("parameters"));
    assertEquals("162,001 parameters, more than 100,000: kept in model.zip only, and the charts"
        + " replayed from them are not drawn", summary.get("parameters_omitted"));
    assertTrue(Files.size(big.resolve("summary.json")) < 20_000);
    assertFalse(Files.exists(big.resolve("output-surface.png")));
    assertTrue(Files.size(big.resolve("model.zip")) > 162_001 * 4);
    LabCli.Result charts = LabCli.run("charts", "big", "--results", dir.toString());
    assertEquals(0, charts.code(), charts.err());
    assertTrue(Files.isRegularFile(big.resolve("loss.png")));
    assertFalse(Files.exists(big.resolve("output-surface.png")));
    // A network within the limit keeps them, as before.
    run(dir, "--set", "epochs=2", "--name", "small");
    assertTrue(Json.read(dir.resolve("small/summary.json")).get("parameters") instanceof List);
    assertTrue(Files.isRegularFile(dir.resolve("small/output-surface.png")));
  }

  /** ./lab run NAME.yaml finds experiments/NAME.yaml when the working directory has none. */
  @Test
  void aSpecFileNameIsAlsoLookedUpInExperiments(@TempDir Path dir) {
    LabCli.Result r = LabCli.run("run", SPEC + ".yaml", "--set", "epochs=3", "--set",
        "log_every=0", "--results", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("experiments/" + SPEC + ".yaml"), r.out());
    LabCli.Result missing = LabCli.run("run", "no-such.yaml");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no-such.yaml (relative to the working directory "),
        missing.err());
    assertTrue(missing.err().contains("the experiments: "), missing.err());
  }

  /** ./lab compare NAME sets the runs of NAME side by side, with the keys that differ. */
  @Test
  void compareFindsTheRunsWithOverrides(@TempDir Path dir) {
    run(dir, "--set", "epochs=3", "--set", "log_every=0");
    run(dir, "--set", "epochs=3", "--set", "log_every=0", "--set", "seed=7");
    LabCli.Result r = LabCli.run("compare", SPEC, "--results", dir.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("| run | seed | engine | final_train_loss |"), r.out());
    assertTrue(lines.get(2).startsWith("| " + SPEC + "@epochs=3,log_every=0 | 0 | dl4j | "),
        r.out());
    assertTrue(lines.get(3).startsWith("| " + SPEC + "@epochs=3,log_every=0,seed=7 | 7 | dl4j | "),
        r.out());
    LabCli.Result mixed = LabCli.run("compare", SPEC + "@epochs=3,log_every=0", "nosuch-sweep",
        "--results", dir.toString());
    assertEquals(2, mixed.code());
    assertTrue(mixed.err().contains("compare: nosuch-sweep: no run there"), mixed.err());
    assertEquals(1, mixed.err().strip().lines().count(), mixed.err());
  }
}
