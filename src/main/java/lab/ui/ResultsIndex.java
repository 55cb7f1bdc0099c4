package lab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the results folder holds, read afresh on every request (so that a run finished or
 * started in another terminal shows without a restart): result folders, sweeps, the bench, and
 * runs still training (an in-progress folder with a progress.csv).
 */
final class ResultsIndex {
  private final Path root;

  ResultsIndex(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /** The runs table: every folder of the results root with a summary.json. */
  List<Map<String, Object>> runs() throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path dir : list(root)) {
      if (!Files.isRegularFile(dir.resolve("summary.json"))) continue;
      Map<String, Object> e = RunData.entry(root, dir);
      if (e != null) out.add(e);
    }
    return out;
  }

  /** The sweeps of results/sweeps/: name, description, jobs done and expected. */
  List<Map<String, Object>> sweeps() throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path dir : list(root.resolve("sweeps"))) {
      if (!Files.isRegularFile(dir.resolve("sweep.yaml"))) continue;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", dir.getFileName().toString());
      try {
        Map<String, Object> yaml = UiJson.readYaml(dir.resolve("sweep.yaml"));
        m.put("description", String.valueOf(yaml.getOrDefault("description", "")));
        m.put("jobs", SweepData.expectedJobs(yaml));
      } catch (IOException | RuntimeException e) {
        m.put("description", "(sweep.yaml cannot be read)");
      }
      m.put("done", SweepData.doneJobs(dir));
      m.put("complete", Files.isRegularFile(dir.resolve("runs.csv")));
      out.add(m);
    }
    return out;
  }

  /** The sweep folder of {@code name}, refused unless it is one. */
  Path sweepDir(String name) {
    Path dir = SafePaths.resolve(root, "sweeps/" + name);
    if (name.contains("/") || !Files.isRegularFile(dir.resolve("sweep.yaml"))) {
      throw new SafePaths.Refused("no sweep named " + name);
    }
    return dir;
  }

  /** A result folder under the root, refused unless it holds a summary.json. */
  Path runDir(String path) {
    Path dir = SafePaths.resolve(root, path);
    if (!Files.isRegularFile(dir.resolve("summary.json"))) {
      throw new SafePaths.Refused("no result at " + path);
    }
    return dir;
  }

  /** Runs being trained now: their in-progress folder, spec and rows so far. */
  List<Map<String, Object>> live() throws IOException {
    List<Path> incoming = new ArrayList<>();
    incoming.add(root.resolve(".incoming"));
    for (Path sweep : list(root.resolve("sweeps"))) incoming.add(sweep.resolve("runs/.incoming"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path in : incoming) {
      for (Path dir : list(in)) {
        Path progress = dir.resolve(lab.results.LiveProgress.FILE);
        if (!Files.isRegularFile(progress)) continue;
        Map<String, Object> m = new LinkedHashMap<>();
        String folder = dir.getFileName().toString();
        String name = folder.replaceFirst("-\\d+$", "");
        Path parent = in.getParent();
        String target = SafePaths.relative(root, parent.resolve(name));
        m.put("id", SafePaths.relative(root, dir));
        m.put("name", name);
        m.put("target", target);
        try {
          m.put("spec", RunData.flatten(UiJson.readYaml(dir.resolve("spec.yaml"))));
          m.put("metrics", RunData.metrics(progress, true));
        } catch (IOException | RuntimeException e) {
          continue; // finished and moved away while being read: the next poll shows the result
        }
        out.add(m);
      }
    }
    return out;
  }

  /** bench/bench.json with its chart files, or null when there is none. */
  Map<String, Object> bench() throws IOException {
    Path dir = root.resolve("bench");
    if (!Files.isRegularFile(dir.resolve("bench.json"))) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", "bench");
    m.put("bench", UiJson.readJson(dir.resolve("bench.json")));
    m.put("files", RunData.files(dir));
    return m;
  }

  /** The visible subfolders of {@code dir}, sorted; none when it does not exist. */
  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
