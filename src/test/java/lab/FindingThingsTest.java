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
 * Finding things (issue 20.3, 20.4): ./lab list, ./lab keys [PREFIX], ./lab sweep with a wrong
 * name, and paths in a spec relative to the spec's own folder.
 */
class FindingThingsTest {

  @Test
  void listShowsExperimentsSweepsAndPastResults(@TempDir Path dir) {
    LabCli.Result run = LabCli.run("run", "xor-2-2-1-adam", "--set", "epochs=3", "--set",
        "log_every=0", "--results", dir.toString());
    assertEquals(0, run.code(), run.err());
    LabCli.Result r = LabCli.run("list", "--results", dir.toString());
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    assertTrue(out.contains("experiments (experiments/; ./lab run NAME):"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("  xor-3hidden +xor +2-2-2-2-1 .*")), out);
    assertTrue(out.contains("sweeps (experiments/sweeps/; ./lab sweep NAME):"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("  xor-width +8 points x 20 seeds .*")), out);
    assertTrue(out.contains("results (" + dir + ";"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches(
        "  xor-2-2-1-adam@epochs=3,log_every=0 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  train"
            + " accuracy \\d\\.\\d{4}, train loss .*")), out);
    // A second result with a short name: the dates stand in one column.
    assertEquals(0, LabCli.run("run", "xor-2-2-1-adam", "--set", "epochs=3", "--set",
        "log_every=0", "--name", "short", "--results", dir.toString()).code());
    String again = LabCli.run("list", "--results", dir.toString()).out();
    java.util.regex.Pattern date = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:");
    List<Integer> columns = again.substring(again.indexOf("results (")).lines().skip(1)
        .map(l -> { var m = date.matcher(l); return m.find() ? m.start() : -1; }).toList();
    assertEquals(2, columns.size(), again);
    assertEquals(columns.get(0), columns.get(1), again);
  }

  @Test
  void listShowsStoredSweepsWithTheirCounts() {
    LabCli.Result r = LabCli.run("list");
    assertEquals(0, r.code(), r.err());
    // the committed sweep results of results/sweeps/ (480 jobs: 24 points x 20 seeds)
    assertTrue(r.out().lines().anyMatch(l -> l.matches(
        "  sweeps/xor-optimizer-lr +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  480 jobs, \\d+ succeeded")),
        r.out());
  }

  @Test
  void keysFiltersByPrefixAndGroupsBySection() {
    LabCli.Result r = LabCli.run("keys", "optimizer");
    assertEquals(0, r.code(), r.err());
    List<String> keys = r.out().lines().filter(l -> l.matches("  \\S.*"))
        .map(l -> l.strip().split(" ")[0]).toList();
    assertEquals(List.of("optimizer.name", "optimizer.lr", "optimizer.momentum",
        "optimizer.beta1", "optimizer.beta2", "optimizer.epsilon"), keys);
    assertTrue(r.out().startsWith("optimizer. keys:\n"), r.out());

    LabCli.Result all = LabCli.run("keys");
    assertEquals(0, all.code());
    List<String> sections = all.out().lines().filter(l -> l.endsWith("keys:")).toList();
    assertEquals("top-level keys:", sections.get(0));
    assertTrue(sections.containsAll(List.of("data. keys:", "model. keys:", "optimizer. keys:")),
        sections.toString());
    // the experiments are named only where a key does not apply to all of them
    // (once: the allowed values of experiment itself)
    assertEquals(1, all.out().split("mnist, noisy-xor, regression, xor", -1).length - 1,
        all.out());
    assertTrue(all.out().contains("[mnist only]"), all.out());
    int width = lab.cli.KeysTableAccess.defaultWidth();
    assertTrue(all.out().lines().allMatch(l -> l.length() <= width), "lines within " + width);
  }

  @Test
  void keysWithoutMatchIsOneLineNamingNearKeys() {
    LabCli.Result r = LabCli.run("keys", "optimiser");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: keys optimiser: no spec key starts with or holds"
        + " 'optimiser'; near: optimizer."), r.err());
  }

  @Test
  void aWrongSweepNameListsTheSweeps() {
    LabCli.Result r = LabCli.run("sweep", "nosuch");
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no sweep named 'nosuch' in "), r.err());
    for (String s : List.of("xor-width", "xor-optimizer-lr", "mnist-lr")) {
      assertTrue(r.err().contains(s), r.err());
    }
  }

  /** The same spec runs from any working directory: data paths follow the spec file. */
  @Test
  @SuppressWarnings("unchecked")
  void dataPathsAreRelativeToTheSpecFile(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("mine/data"));
    Files.writeString(folder.resolve("train.csv"), "0.5,0.5,1\n-0.5,0.5,0\n0.5,-0.5,0\n");
    Files.writeString(folder.resolve("valid.csv"), "0.4,0.6,1\n-0.6,0.4,0\n");
    Path spec = Files.writeString(dir.resolve("mine/cloud.yaml"), String.join("\n",
        "experiment: noisy-xor", "data: {train: data/train.csv, valid: data/valid.csv}",
        "model: {hidden: [2]}", "epochs: 2", "batch: 2", "log_every: 0", ""));
    LabCli.Result r = LabCli.run("run", spec.toString(), "--results",
        dir.resolve("results").toString());
    assertEquals(0, r.code(), r.err());
    Map<String, Object> data = (Map<String, Object>) Json.read(
        dir.resolve("results/cloud/summary.json")).get("data");
    assertEquals(folder.resolve("train.csv").toString(), data.get("train_file"));
    assertEquals(3, data.get("train_points"));

    Files.delete(folder.resolve("valid.csv"));
    LabCli.Result missing = LabCli.run("run", spec.toString(), "--results",
        dir.resolve("results").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("cloud.yaml:2:38: data.valid: 'data/valid.csv' (relative to"
        + " the spec file's folder, " + dir.resolve("mine") + "): no such file "
        + folder.resolve("valid.csv")), missing.err());
  }
}
