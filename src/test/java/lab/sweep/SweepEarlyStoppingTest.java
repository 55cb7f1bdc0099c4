package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lab.core.Project;
import lab.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping in sweeps: in a stacked network each seed stops on its own and gets the bits of
 * its job run alone (restore_best or not); summary.md counts the jobs that stopped early; and
 * sweeps stored before the early_stopping keys existed still resume.
 */
class SweepEarlyStoppingTest {

  /** Adam at lr 0.5 on XOR hovers on plateaus: seeds stop at different epochs, some not. */
  private static final String STOPPING = """
      name: stopping
      spec:
        experiment: xor
        model: {hidden: [2, 2]}
        optimizer: {name: adam, lr: 0.5}
        epochs: 400
        log_every: 0
        record_every: 10
        early_stopping: {monitor: train_loss, patience: 40, min_delta: 0.001}
      grid:
        early_stopping.restore_best: [false, true]
      seeds: 5
      success: {train_accuracy: 1.0}
      """;

  @Test
  void stackedMembersStopAloneAndMatchTheirRunsAlone(@TempDir Path dir) {
    Path file = SweepTestFiles.write(dir, "stopping", STOPPING);
    SweepTestFiles.Outcome stacked = SweepTestFiles.lab("sweep", file.toString(), "--parallel",
        "1", "--results", dir.resolve("stacked").toString());
    assertEquals(0, stacked.code(), stacked.err());
    assertTrue(stacked.out().contains("2 stacked networks of up to 5 jobs"), stacked.out());
    SweepTestFiles.Outcome alone = SweepTestFiles.lab("sweep", file.toString(), "--one-by-one",
        "--parallel", "1", "--results", dir.resolve("alone").toString());
    assertEquals(0, alone.code(), alone.err());

    Path a = dir.resolve("alone/sweeps/stopping/runs");
    Path s = dir.resolve("stacked/sweeps/stopping/runs");
    Sweep sweep = SweepLoader.load(dir.resolve("stacked/sweeps/stopping/sweep.yaml"));
    Set<Object> stopEpochs = new HashSet<>();
    int stopped = 0;
    int restoredBeforeStop = 0;
    for (Job job : sweep.jobs()) {
      Path ja = a.resolve(job.id());
      Path js = s.resolve(job.id());
      assertEquals(read(ja.resolve("metrics.csv")), read(js.resolve("metrics.csv")), job.id());
      Map<String, Object> sa = Json.read(ja.resolve("summary.json"));
      Map<String, Object> ss = Json.read(js.resolve("summary.json"));
      assertEquals(5, ss.get("stacked_networks"));
      for (String key : List.of("early_stopping", "final_train_loss", "train_accuracy",
          "predictions", "predicted_classes", "parameters")) {
        assertEquals(sa.get(key), ss.get(key), job.id() + ": " + key);
      }
      Map<?, ?> es = (Map<?, ?>) ss.get("early_stopping");
      stopEpochs.add(es.get("stop_epoch"));
      if (Boolean.TRUE.equals(es.get("stopped_early"))) stopped++;
      if (Boolean.TRUE.equals(es.get("restore_best"))
          && !es.get("best_epoch").equals(es.get("stop_epoch"))) {
        restoredBeforeStop++;
      }
    }
    assertTrue(stopped > 0, "some job stopped early");
    assertTrue(stopEpochs.size() > 1, "the members stopped at different epochs: " + stopEpochs);
    assertTrue(restoredBeforeStop > 0, "some job restored an epoch before its stop");
    for (String mode : List.of("alone", "stacked")) {
      String md = read(dir.resolve(mode + "/sweeps/stopping/summary.md"));
      assertTrue(md.contains("- stopped early: " + stopped + " of 10 finished jobs"), md);
    }
  }

  /**
   * A sweep.yaml written before the early_stopping keys existed (the block taken out of a stored
   * one) still resumes: read back through the loader, the keys take their defaults, so --resume
   * finds no difference and reruns only the unfinished job, with the numbers it had.
   */
  @Test
  void anOldStyleSweepYamlStillResumes(@TempDir Path dir) throws IOException {
    Path file = SweepTestFiles.write(dir, "tiny", SweepTestFiles.TINY);
    assertEquals(0, SweepTestFiles.lab("sweep", file.toString(), "--results", dir.toString())
        .code());
    Path sweepDir = dir.resolve("sweeps/tiny");
    Path yaml = sweepDir.resolve("sweep.yaml");
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    Object tree = mapper.readValue(yaml.toFile(), Object.class);
    assertTrue(removeKey(tree, "early_stopping") > 0, "the stored sweep lists the block");
    Files.writeString(yaml, mapper.writeValueAsString(tree));
    assertFalse(read(yaml).contains("early_stopping"));
    List<String> before = SweepTestFiles.runsWithoutTrainTime(sweepDir);
    Sweep sweep = SweepLoader.load(yaml);
    Files.delete(sweepDir.resolve("runs").resolve(sweep.jobs().get(1).id())
        .resolve("summary.json"));

    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--resume",
        "--results", dir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("3 already done, 1 to run"), o.out());
    assertEquals(before, SweepTestFiles.runsWithoutTrainTime(sweepDir));
  }

  /**
   * The committed sweeps (stored before the keys existed, or since) resolve, read back through
   * the loader, to the sweeps of experiments/sweeps/ today, and none of their jobs stops early.
   */
  @Test
  void committedSweepsStillResolveToTodaysSweeps() throws IOException {
    Path sweeps = Project.home().resolve("results/sweeps");
    int checked = 0;
    try (Stream<Path> dirs = Files.list(sweeps)) {
      for (Path d : dirs.sorted().toList()) {
        Path yaml = d.resolve("sweep.yaml");
        String name = d.getFileName().toString();
        Path source = Project.home().resolve("experiments/sweeps/" + name + ".yaml");
        if (!Files.isRegularFile(yaml) || !Files.isRegularFile(source)) continue;
        SweepResume.Stored stored = SweepResume.read(yaml, name);
        Sweep now = SweepLoader.load(source);
        assertEquals(List.of(), SweepResume.differences(stored.sweep(), now), name);
        assertTrue(stored.sweep().jobs().stream().noneMatch(j -> j.spec().stopsEarly()), name);
        checked++;
      }
    }
    assertTrue(checked > 0, "no committed sweep found in " + sweeps);
  }

  /** Removes every entry named {@code key} from a YAML tree; returns how many. */
  private static int removeKey(Object tree, String key) {
    int n = 0;
    if (tree instanceof Map<?, ?> m) {
      if (m.remove(key) != null) n++;
      for (Object v : m.values()) n += removeKey(v, key);
    } else if (tree instanceof List<?> l) {
      for (Object v : l) n += removeKey(v, key);
    }
    return n;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
