package lab.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small results folder in the layout the project writes (summary.json, metrics.csv,
 * spec.yaml, confusion.csv, train/valid.csv, a sweep with runs.csv, bench.json), with hostile
 * descriptions, a secret file beside it and a symlink out of it.
 */
final class UiFixture {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "\"><img src=x onerror=window.__pwned=1>";
  static final String SECRET = "TOP-SECRET-OUTSIDE-RESULTS";
  /** Rows of xor-a's and xor-b's metrics.csv (row 0 included). */
  static final int XOR_A_ROWS = 11;
  static final int XOR_B_ROWS = 6;
  static final int NOISY_POINTS = 5;
  static final int SWEEP_ROWS = 8;
  /** One of the sweep's jobs diverged: no final loss. */
  static final int SWEEP_FINITE_ROWS = 7;
  static final int SWEEP_METRIC_ROWS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private UiFixture() {}

  /** Writes the fixture under {@code base}; returns its results folder, base/results. */
  static Path create(Path base) throws IOException {
    Path root = base.resolve("results");
    Files.createDirectories(root);
    Files.writeString(base.resolve("secret.txt"), SECRET);
    Files.createSymbolicLink(root.resolve("leak"), base);
    Files.createSymbolicLink(root.resolve("leak.txt"), base.resolve("secret.txt"));
    xor(root.resolve("xor-a"), "xor-a", SCRIPT, 0.01, XOR_A_ROWS);
    xor(root.resolve("xor-b"), "xor-b", IMG, 0.5, XOR_B_ROWS);
    noisy(root.resolve("noisy"));
    mnist(root.resolve("mnist-small"));
    sweep(root.resolve("sweeps/sw"));
    bench(root.resolve("bench"));
    return root;
  }

  static Map<String, Object> spec(String name, String description, String experiment, double lr,
      List<Integer> hidden, String activation) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("hidden", hidden);
    model.put("activation", activation);
    model.put("output", "sigmoid");
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("name", "adam");
    opt.put("lr", lr);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("description", description);
    s.put("experiment", experiment);
    s.put("seed", 0);
    s.put("model", model);
    s.put("optimizer", opt);
    s.put("epochs", 100);
    return s;
  }

  /** A 2-2-1 sigmoid net that computes XOR roughly: parameters in summary.json's layout. */
  static List<Object> xorParameters() {
    return List.of(
        Map.of("W", List.of(List.of(6.0, 4.0), List.of(6.0, 4.0)), "b", List.of(-2.5, -6.0)),
        Map.of("W", List.of(List.of(8.0), List.of(-9.0)), "b", List.of(-3.5)));
  }

  static void xor(Path dir, String name, String description, double lr, int rows)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> spec = spec(name, description, "xor", lr, List.of(2), "sigmoid");
    Map<String, Object> s = summary(name, description, "xor", spec);
    s.put("parameters", xorParameters());
    write(dir, s, metrics(rows, 10, true, false));
  }

  static void noisy(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> spec = spec("noisy", "noisy xor", "noisy-xor", 0.015, List.of(2), "sigmoid");
    Map<String, Object> s = summary("noisy", "noisy xor", "noisy-xor", spec);
    s.put("parameters", xorParameters());
    write(dir, s, metrics(4, 50, true, true));
    StringBuilder train = new StringBuilder("x0,x1,label\n");
    StringBuilder valid = new StringBuilder("x0,x1,label\n");
    for (int i = 0; i < NOISY_POINTS; i++) {
      train.append(0.1 * i).append(',').append(0.9 - 0.1 * i).append(',').append(i % 2).append('\n');
      valid.append(-0.1 * i).append(',').append(0.2 * i).append(',').append((i + 1) % 2).append('\n');
    }
    Files.writeString(dir.resolve("train.csv"), train);
    Files.writeString(dir.resolve("valid.csv"), valid);
  }

  static void mnist(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> spec = spec("mnist-small", "three digits", "mnist", 0.1, List.of(5), "relu");
    Map<String, Object> s = summary("mnist-small", "three digits", "mnist", spec);
    s.put("test_accuracy", 0.8);
    s.put("per_class_test_accuracy", List.of(0.9, 0.8, 0.7));
    write(dir, s, metrics(3, 1, true, true));
    Files.writeString(dir.resolve("confusion.csv"),
        "true\\predicted,0,1,2\n0,9,1,0\n1,1,8,1\n2,2,1,7\n");
  }

  static void sweep(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("runs"));
    Files.writeString(dir.resolve("sweep.yaml"), "name: sw\ndescription: \"" + "sweep " + SCRIPT
        + "\"\ngrid:\n  optimizer.lr: [0.1, 1]\n  model.hidden:\n  - [2]\n  - [3]\n"
        + "seeds: [0, 1]\nsuccess: {train_accuracy: 1.0}\n");
    StringBuilder csv = new StringBuilder("job,optimizer.lr,model.hidden,seed,final_train_loss,"
        + "train_accuracy,epochs_to_target,success,diverged,train_seconds\n");
    int job = 0;
    for (String lr : List.of("0.1", "1")) {
      for (String hidden : List.of("[2]", "[3]")) {
        for (int seed = 0; seed < 2; seed++) {
          String id = String.format("%04d-optimizer.lr=%s,model.hidden=%s,seed=%d", job, lr,
              hidden.replaceAll("[\\[\\]]", ""), seed);
          boolean diverged = job == SWEEP_ROWS - 1;
          double loss = 0.01 * (job + 1);
          boolean success = !diverged && job % 3 != 0;
          csv.append('"').append(id).append("\",").append(lr).append(',').append(hidden)
              .append(',').append(seed).append(',').append(diverged ? "" : Double.toString(loss))
              .append(',').append(success ? "1.0" : "0.5").append(",,").append(success)
              .append(',').append(diverged).append(",0.1\n");
          Path jobDir = dir.resolve("runs").resolve(id);
          Files.createDirectories(jobDir);
          if (!diverged) {
            Files.writeString(jobDir.resolve("metrics.csv"),
                metrics(SWEEP_METRIC_ROWS, 10, true, false));
          }
          Files.writeString(jobDir.resolve("summary.json"), "{\"name\": \"" + id + "\"}");
          job++;
        }
      }
    }
    Files.writeString(dir.resolve("runs.csv"), csv);
  }

  static void bench(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> w = new LinkedHashMap<>();
    for (String k : List.of("xor_step", "mnist_epoch")) {
      w.put(k, Map.of("title", "workload " + k + " " + SCRIPT, "unit", "step",
          "dl4j", Map.of("median_seconds_per_unit", 0.0003),
          "pytorch", Map.of("median_seconds_per_unit", 0.0006),
          "dl4j_over_pytorch_time", 0.5));
    }
    Files.writeString(dir.resolve("bench.json"), JSON.writeValueAsString(
        Map.of("name", "bench", "rounds", 5, "threads", 1, "quick", false, "workloads", w)));
  }

  static Map<String, Object> summary(String name, String description, String experiment,
      Map<String, Object> spec) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("experiment", experiment);
    s.put("description", description);
    s.put("seed", 0);
    s.put("epochs", 100);
    s.put("final_train_loss", 0.05);
    s.put("train_accuracy", 1.0);
    s.put("engine", "dl4j");
    s.put("spec", spec);
    s.put("provenance", Map.of("time", "2026-01-01T00:00:00Z", "git_commit", SCRIPT));
    return s;
  }

  /** metrics.csv text: epoch 0, every, 2*every, ...; the loss halves each row. */
  static String metrics(int rows, int every, boolean accuracy, boolean valid) {
    StringBuilder sb = new StringBuilder("epoch,train_loss" + (accuracy ? ",train_accuracy" : "")
        + (valid ? ",valid_loss,valid_accuracy" : "") + "\n");
    for (int r = 0; r < rows; r++) {
      double loss = 0.8 / Math.pow(2, r);
      sb.append(r * every).append(',').append(loss);
      if (accuracy) sb.append(',').append(Math.min(1.0, 0.5 + 0.1 * r));
      if (valid) sb.append(',').append(loss * 1.1).append(',').append(Math.min(1.0, 0.4 + 0.1 * r));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void write(Path dir, Map<String, Object> summary, String metrics)
      throws IOException {
    Files.writeString(dir.resolve("summary.json"), JSON.writeValueAsString(summary));
    Files.writeString(dir.resolve("metrics.csv"), metrics, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("spec.yaml"), "description: " + JSON.writeValueAsString(
        summary.get("description")) + "\n");
  }

  /** Starts a run "in another terminal": an in-progress folder with spec.yaml and rows. */
  static Path startLive(Path root, String name, int rows) throws IOException {
    Path dir = root.resolve(".incoming").resolve(name + "-4242");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("spec.yaml"),
        "description: live run\nexperiment: xor\nepochs: 5000\n");
    Files.writeString(dir.resolve(lab.results.LiveProgress.FILE), "epoch,train_loss,train_accuracy\n");
    growLive(dir, 0, rows);
    return dir;
  }

  /** Appends rows to a live run's progress file, as the trainer does. */
  static void growLive(Path dir, int from, int to) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int r = from; r < to; r++) lines.add(r * 10 + "," + 0.8 / (1 + r) + ",1.0");
    Files.writeString(dir.resolve(lab.results.LiveProgress.FILE), String.join("\n", lines) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
  }
}
