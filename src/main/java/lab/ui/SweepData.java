package lab.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep as the dashboard shows it, from sweep.yaml and runs.csv: its grid points (swept key
 * values, seeds, success), every job's row, and a point's band of loss curves.
 */
final class SweepData {
  private SweepData() {}

  static Map<String, Object> detail(Path dir) throws IOException {
    Map<String, Object> yaml = UiJson.readYaml(dir.resolve("sweep.yaml"));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", dir.getFileName().toString());
    d.put("description", String.valueOf(yaml.getOrDefault("description", "")));
    List<String> keys = new ArrayList<>();
    if (yaml.get("grid") instanceof Map<?, ?> g) g.keySet().forEach(k -> keys.add(String.valueOf(k)));
    d.put("keys", keys);
    d.put("success", yaml.get("success"));
    d.put("target_loss", yaml.get("target_loss"));
    d.put("jobs", expectedJobs(yaml));
    d.put("done", doneJobs(dir));
    d.put("sweep_yaml", RunData.readText(dir.resolve("sweep.yaml")));
    d.put("files", RunData.files(dir));
    Path csv = dir.resolve("runs.csv");
    List<Map<String, Object>> rows = Files.isRegularFile(csv) ? rows(csv) : List.of();
    d.put("rows", rows);
    d.put("points", points(rows, keys));
    return d;
  }

  /** runs.csv: one map per job, numbers as numbers, true/false as booleans. */
  static List<Map<String, Object>> rows(Path csv) throws IOException {
    List<String> lines = UiJson.lines(csv);
    List<Map<String, Object>> out = new ArrayList<>();
    if (lines.isEmpty()) return out;
    List<String> header = Csv.cells(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      List<String> cells = Csv.cells(csv, i + 1, lines.get(i), header.size());
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        String h = header.get(c);
        String v = cells.get(c);
        if (h.equals("success") || h.equals("diverged")) {
          row.put(h, Csv.bool(csv, i + 1, v));
        } else if (h.equals("seed") || h.endsWith("_loss") || h.endsWith("_accuracy")
            || h.equals("epochs_to_target") || h.equals("train_seconds") || h.equals("wall_seconds")) {
          row.put(h, Csv.number(csv, i + 1, v));
        } else {
          row.put(h, v);
        }
      }
      out.add(row);
    }
    return out;
  }

  /** The grid points in order of first appearance: swept values, jobs, successes. */
  static List<Map<String, Object>> points(List<Map<String, Object>> rows, List<String> keys) {
    Map<List<Object>, Map<String, Object>> byValues = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      List<Object> values = keys.stream().map(r::get).toList();
      Map<String, Object> p = byValues.computeIfAbsent(values, v -> {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) named.put(keys.get(i), v.get(i));
        m.put("values", named);
        m.put("jobs", new ArrayList<String>());
        m.put("successes", 0);
        return m;
      });
      @SuppressWarnings("unchecked")
      List<String> jobs = (List<String>) p.get("jobs");
      jobs.add(String.valueOf(r.get("job")));
      if (Boolean.TRUE.equals(r.get("success"))) p.put("successes", (int) p.get("successes") + 1);
    }
    List<Map<String, Object>> out = new ArrayList<>(byValues.values());
    for (int i = 0; i < out.size(); i++) out.get(i).put("index", i);
    return out;
  }

  /**
   * The train-loss curves of one grid point's jobs as a band: per recorded epoch the least,
   * median and largest loss over the seeds that have that row (a diverged job has none).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> band(Path dir, int point) throws IOException {
    Map<String, Object> d = detail(dir);
    List<Map<String, Object>> points = (List<Map<String, Object>>) d.get("points");
    if (point < 0 || point >= points.size()) {
      throw new SafePaths.Refused("no point " + point + " in sweep " + dir.getFileName());
    }
    List<String> jobs = (List<String>) points.get(point).get("jobs");
    List<double[]> epochs = new ArrayList<>();
    List<double[]> losses = new ArrayList<>();
    for (String job : jobs) {
      Path csv = SafePaths.resolve(dir, "runs/" + job + "/metrics.csv");
      if (!Files.isRegularFile(csv)) continue;
      Map<String, Object> m = RunData.metrics(csv);
      List<String> cols = (List<String>) m.get("columns");
      int c = cols.indexOf("train_loss");
      if (c < 0) continue;
      List<List<Double>> rows = (List<List<Double>>) m.get("rows");
      epochs.add(rows.stream().mapToDouble(r -> r.get(0)).toArray());
      losses.add(rows.stream().mapToDouble(r -> r.get(c) == null ? Double.NaN : r.get(c)).toArray());
    }
    int longest = 0;
    for (int i = 0; i < epochs.size(); i++) {
      if (epochs.get(i).length > epochs.get(longest).length) longest = i;
    }
    double[] ep = epochs.isEmpty() ? new double[0] : epochs.get(longest);
    List<Double> min = new ArrayList<>();
    List<Double> median = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    for (int r = 0; r < ep.length; r++) {
      List<Double> v = new ArrayList<>();
      for (double[] l : losses) if (r < l.length && Double.isFinite(l[r])) v.add(l[r]);
      double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      min.add(s.length == 0 ? null : s[0]);
      max.add(s.length == 0 ? null : s[s.length - 1]);
      median.add(s.length == 0 ? null
          : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
    }
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("point", points.get(point));
    b.put("seeds", losses.size());
    b.put("epochs", Arrays.stream(ep).boxed().toList());
    b.put("min", min);
    b.put("median", median);
    b.put("max", max);
    return b;
  }

  /** The number of jobs of a sweep: grid points times seeds. */
  static int expectedJobs(Map<String, Object> yaml) {
    int n = 1;
    if ("random".equals(yaml.get("search")) && yaml.get("samples") instanceof Number samples) {
      n = samples.intValue(); // a random search: its samples, each on every seed
    } else if (yaml.get("grid") instanceof Map<?, ?> g) {
      for (Object v : g.values()) n *= v instanceof List<?> l ? l.size() : 1;
    }
    Object seeds = yaml.get("seeds");
    n *= seeds instanceof List<?> l ? l.size() : seeds instanceof Number s ? s.intValue() : 1;
    return n;
  }

  /** Jobs finished so far: job folders holding a summary.json. */
  static int doneJobs(Path dir) throws IOException {
    int n = 0;
    for (Path job : ResultsIndex.list(dir.resolve("runs"))) {
      if (Files.isRegularFile(job.resolve("summary.json"))) n++;
    }
    return n;
  }
}
