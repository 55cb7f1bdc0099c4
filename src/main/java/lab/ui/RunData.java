package lab.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import lab.net.ParameterReplay;

/** One result folder as the dashboard shows it: its row in the runs table and its page. */
final class RunData {
  /** Grid points per side of the XOR output surface over [0,1]^2. */
  static final int SURFACE_POINTS = 41;
  /** Grid points per side of the noisy-XOR decision regions. */
  static final int REGION_POINTS = 61;
  /** The summary keys shown in the runs table. */
  private static final List<String> ENTRY_KEYS = List.of("name", "experiment", "description",
      "seed", "engine", "epochs", "diverged", "final_train_loss", "train_accuracy",
      "valid_accuracy", "test_accuracy");

  private RunData() {}

  /** The row of the runs table; null when summary.json cannot be read. */
  static Map<String, Object> entry(Path root, Path dir) {
    Map<String, Object> summary;
    try {
      summary = UiJson.readJson(dir.resolve("summary.json"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("path", SafePaths.relative(root, dir));
    for (String k : ENTRY_KEYS) {
      Object v = summary.get(k);
      if (v != null) e.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
    }
    if (summary.get("provenance") instanceof Map<?, ?> p && p.get("time") != null) {
      e.put("time", String.valueOf(p.get("time")));
    }
    e.put("spec", flatten(summary.get("spec")));
    return e;
  }

  /** Everything the run page draws. */
  static Map<String, Object> detail(Path root, Path dir) throws IOException {
    Map<String, Object> summary = UiJson.readJson(dir.resolve("summary.json"));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("path", SafePaths.relative(root, dir));
    d.put("summary", summary);
    d.put("spec", flatten(summary.get("spec")));
    Path metrics = dir.resolve("metrics.csv");
    d.put("metrics", Files.isRegularFile(metrics) ? metrics(metrics) : null);
    d.put("spec_text", readText(dir.resolve("spec.yaml")));
    d.put("files", files(dir));
    String kind = String.valueOf(summary.get("experiment"));
    Map<String, String> spec = flatten(summary.get("spec"));
    Object params = summary.get("parameters");
    if (params != null && "xor".equals(kind)) {
      d.put("surface", grid(replay(dir, params, spec), 0, 1, 0, 1, SURFACE_POINTS));
    }
    if ("noisy-xor".equals(kind)) {
      List<double[]> train = points(dir.resolve("train.csv"));
      List<double[]> valid = points(dir.resolve("valid.csv"));
      d.put("train_points", train);
      d.put("valid_points", valid);
      if (params != null) {
        double[] b = bounds(train, valid);
        d.put("regions", grid(replay(dir, params, spec), b[0], b[1], b[2], b[3], REGION_POINTS));
      }
    }
    if ("mnist".equals(kind) && Files.isRegularFile(dir.resolve("confusion.csv"))) {
      d.put("confusion", confusion(dir.resolve("confusion.csv")));
    }
    return d;
  }

  /** A run's metrics.csv as columns and rows; a damaged row makes it {@link Unreadable}. */
  static Map<String, Object> metrics(Path csv) throws IOException {
    return metrics(csv, false);
  }

  /**
   * metrics.csv, or with {@code live} a progress.csv being appended to, as columns and rows. Only
   * a live file's last line may be cut short (it is being written): that line is left out. Any
   * other row with the wrong number of cells, a cell that is not a number or no epoch makes the
   * file {@link Unreadable}.
   */
  static Map<String, Object> metrics(Path csv, boolean live) throws IOException {
    List<String> lines = UiJson.lines(csv);
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> columns = lines.isEmpty() ? List.of() : List.of(lines.get(0).split(",", -1));
    List<List<Double>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) continue;
      List<Double> row = new ArrayList<>();
      try {
        List<String> cells = Csv.cells(csv, i + 1, text, columns.size());
        for (String c : cells) row.add(Csv.number(csv, i + 1, c));
        if (row.get(0) == null) throw new Unreadable(csv, "line " + (i + 1) + ": no epoch");
      } catch (Unreadable e) {
        if (live && i == lines.size() - 1) break;
        throw e;
      }
      rows.add(row);
    }
    m.put("columns", columns);
    m.put("rows", rows);
    return m;
  }

  /** A nested spec as "a.b" keys and display values; lists as [x, y]. */
  static Map<String, String> flatten(Object spec) {
    Map<String, String> out = new TreeMap<>();
    flatten("", spec, out);
    return out;
  }

  private static void flatten(String prefix, Object v, Map<String, String> out) {
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(),
            e.getValue(), out);
      }
    } else if (!prefix.isEmpty()) {
      out.put(prefix, String.valueOf(v));
    }
  }

  static String readText(Path file) throws IOException {
    return Files.isRegularFile(file) ? UiJson.text(file) : null;
  }

  /** The folder's visible files, sorted, with their sizes. */
  static List<Map<String, Object>> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.getFileName().toString());
            try {
              m.put("bytes", Files.size(f));
            } catch (IOException e) {
              m.put("bytes", null);
            }
            return m;
          }).toList();
    }
  }

  private static ParameterReplay replay(Path dir, Object params, Map<String, String> spec) {
    try {
      return new ParameterReplay(ParameterReplay.fromSummary(params, 2),
          spec.getOrDefault("model.activation", "sigmoid"),
          spec.getOrDefault("model.output", "sigmoid"));
    } catch (lab.core.UserError e) {
      throw new Unreadable(dir.resolve("summary.json"), e.getMessage());
    }
  }

  /** The network's output (last unit) on an n x n grid: {x: [...], y: [...], z: [row y][col x]}. */
  static Map<String, Object> grid(ParameterReplay net, double x0, double x1, double y0,
      double y1, int n) {
    double[] xs = new double[n];
    double[] ys = new double[n];
    double[][] z = new double[n][n];
    for (int i = 0; i < n; i++) {
      xs[i] = x0 + (x1 - x0) * i / (n - 1);
      ys[i] = y0 + (y1 - y0) * i / (n - 1);
    }
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        double[] out = net.output(new double[] {xs[c], ys[r]});
        z[r][c] = out[out.length - 1];
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", xs);
    m.put("y", ys);
    m.put("z", z);
    return m;
  }

  /** x0,x1,label rows of a points file (train.csv, valid.csv). */
  static List<double[]> points(Path csv) throws IOException {
    List<double[]> out = new ArrayList<>();
    if (!Files.isRegularFile(csv)) return out;
    List<String> lines = UiJson.lines(csv);
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      List<String> c = Csv.cells(csv, i + 1, lines.get(i), 3);
      Double a = Csv.number(csv, i + 1, c.get(0));
      Double b = Csv.number(csv, i + 1, c.get(1));
      Double l = Csv.number(csv, i + 1, c.get(2));
      if (a == null || b == null || l == null) {
        throw new Unreadable(csv, "line " + (i + 1) + ": x0, x1 and the label must be numbers");
      }
      out.add(new double[] {a, b, l});
    }
    return out;
  }

  private static double[] bounds(List<double[]> a, List<double[]> b) {
    double[] r = {-1, 1, -1, 1};
    for (List<double[]> set : List.of(a, b)) {
      for (double[] p : set) {
        r[0] = Math.min(r[0], p[0]);
        r[1] = Math.max(r[1], p[0]);
        r[2] = Math.min(r[2], p[1]);
        r[3] = Math.max(r[3], p[1]);
      }
    }
    double pad = 0.1;
    return new double[] {r[0] - pad, r[1] + pad, r[2] - pad, r[3] + pad};
  }

  /** confusion.csv: labels and counts [true][predicted], with per-class precision and recall. */
  static Map<String, Object> confusion(Path csv) throws IOException {
    List<String> lines = UiJson.lines(csv);
    if (lines.isEmpty()) throw new Unreadable(csv, "empty");
    List<String> header = Csv.cells(lines.get(0));
    List<String> labels = header.subList(1, header.size());
    int k = labels.size();
    long[][] counts = new long[k][k];
    int r = 0;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      if (r == k) throw new Unreadable(csv, "line " + (i + 1) + ": more rows than the " + k
          + " classes of the header");
      List<String> c = Csv.cells(csv, i + 1, lines.get(i), k + 1);
      for (int j = 0; j < k; j++) {
        Double v = Csv.number(csv, i + 1, c.get(j + 1));
        if (v == null || v < 0 || v != Math.rint(v)) {
          throw new Unreadable(csv, "line " + (i + 1) + ": '" + Csv.shown(c.get(j + 1))
              + "' is not a count");
        }
        counts[r][j] = v.longValue();
      }
      r++;
    }
    if (r < k) throw new Unreadable(csv, r + " rows where the header has " + k + " classes");
    List<Map<String, Object>> perClass = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      long row = 0;
      long col = 0;
      for (int j = 0; j < k; j++) {
        row += counts[c][j];
        col += counts[j][c];
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", labels.get(c));
      m.put("count", row);
      m.put("recall", row == 0 ? null : (double) counts[c][c] / row);
      m.put("precision", col == 0 ? null : (double) counts[c][c] / col);
      perClass.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", labels);
    m.put("counts", counts);
    m.put("per_class", perClass);
    return m;
  }
}
