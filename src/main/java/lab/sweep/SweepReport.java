package lab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.core.UserError;
import lab.experiment.ExperimentRunner;
import lab.results.AtomicFiles;

/** runs.csv and summary.md of a sweep, rebuilt from its job folders alone. */
public final class SweepReport {
  private SweepReport() {}

  /** The results of every finished job, in job order. */
  static List<JobResult> results(Sweep sweep, Path dir) {
    List<JobResult> out = new ArrayList<>();
    for (Job j : sweep.jobs()) {
      Path jobDir = SweepRunner.runsDir(dir).resolve(j.id());
      if (ExperimentRunner.isResultFolder(jobDir)) out.add(JobResult.read(j, jobDir, sweep));
    }
    return out;
  }

  /** Per grid point, in grid order; points without any finished job are left out. */
  static List<PointStats> points(List<JobResult> results) {
    List<PointStats> out = new ArrayList<>();
    List<JobResult> current = new ArrayList<>();
    for (JobResult r : results) {
      if (!current.isEmpty() && current.get(0).job().pointIndex() != r.job().pointIndex()) {
        out.add(PointStats.of(current));
        current = new ArrayList<>();
      }
      current.add(r);
    }
    if (!current.isEmpty()) out.add(PointStats.of(current));
    return out;
  }

  static List<JobResult> write(Sweep sweep, Path dir) {
    List<JobResult> results = results(sweep, dir);
    if (results.isEmpty()) {
      throw new UserError(dir + ": no finished job yet; run ./lab sweep " + sweep.name());
    }
    writeAtomically(dir.resolve("runs.csv"), runsCsv(sweep, results));
    writeAtomically(dir.resolve("summary.md"),
        summaryMd(sweep, results, stoppedEarly(sweep, dir)));
    return results;
  }

  /** The accuracies the jobs report (train_, valid_, test_accuracy), in that order. */
  static List<String> accuracyKeys(List<JobResult> results) {
    return results.stream().flatMap(r -> r.accuracies().keySet().stream()).distinct().toList();
  }

  static String runsCsv(Sweep sweep, List<JobResult> results) {
    List<String> accuracyColumns = accuracyKeys(results);
    StringBuilder sb = new StringBuilder("job");
    for (String k : sweep.grid().keySet()) sb.append(',').append(k);
    sb.append(",seed,final_train_loss");
    for (String a : accuracyColumns) sb.append(',').append(a);
    sb.append(",epochs_to_target,success,diverged,stacked_networks,git_commit,train_seconds\n");
    for (JobResult r : results) {
      sb.append(csv(r.job().id()));
      for (Object v : r.job().point().values()) sb.append(',').append(csv(Values.show(v)));
      sb.append(',').append(r.job().seed());
      sb.append(',').append(r.diverged() ? "" : Double.toString(r.finalTrainLoss()));
      for (String a : accuracyColumns) {
        Double v = r.accuracies().get(a);
        sb.append(',').append(v == null ? "" : Double.toString(v));
      }
      sb.append(',').append(r.epochsToTarget() < 0 ? "" : Integer.toString(r.epochsToTarget()));
      sb.append(',').append(r.success()).append(',').append(r.diverged());
      sb.append(',').append(r.stackedNetworks()).append(',').append(csv(r.gitCommit()));
      sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.trainSeconds())).append('\n');
    }
    return sb.toString();
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /**
   * How many finished jobs early stopping ended before their last epoch (summary.json's
   * early_stopping.stopped_early); null when no job of the sweep stops early.
   */
  static Integer stoppedEarly(Sweep sweep, Path dir) {
    if (sweep.jobs().stream().noneMatch(j -> j.spec().stopsEarly())) return null;
    int n = 0;
    for (Job j : sweep.jobs()) {
      Path summary = SweepRunner.runsDir(dir).resolve(j.id()).resolve("summary.json");
      if (!Files.isRegularFile(summary)) continue;
      if (lab.results.Json.read(summary).get("early_stopping") instanceof Map<?, ?> es
          && Boolean.TRUE.equals(es.get("stopped_early"))) {
        n++;
      }
    }
    return n;
  }

  static String summaryMd(Sweep sweep, List<JobResult> results) {
    return summaryMd(sweep, results, null);
  }

  /** {@code stoppedEarly}: see {@link #stoppedEarly}; null leaves the line out. */
  static String summaryMd(Sweep sweep, List<JobResult> results, Integer stoppedEarly) {
    StringBuilder sb = new StringBuilder("# Sweep " + sweep.name() + "\n\n");
    if (!sweep.description().isBlank()) sb.append(sweep.description().strip()).append("\n\n");
    sb.append("- base: ").append(sweep.basedOn() == null ? "inline spec" : sweep.basedOn())
        .append("; fixed: ").append(fixed(sweep)).append('\n');
    if (sweep.random()) {
      sb.append("- random search: ").append(sweep.search().samples())
          .append(" points drawn (search_seed ").append(sweep.search().seed()).append(") from ");
      sweep.search().space().forEach((k, v) -> sb.append(k).append(' ')
          .append(v instanceof List<?> l ? "one of " + l.stream().map(Values::show).toList()
              : v).append("; "));
      sb.append("reals rounded to ").append(RandomSearch.DIGITS).append(" significant digits\n");
    } else {
      sb.append("- grid: ");
      sweep.grid().forEach((k, v) -> sb.append(k).append(' ')
          .append(v.stream().map(Values::show).toList()).append("; "));
      sb.append(sweep.points()).append(" points\n");
    }
    sb.append("- seeds: ").append(sweep.seeds().size()).append(" (")
        .append(seedText(sweep.seeds())).append(")\n");
    sb.append("- success: ").append(sweep.success().criteria())
        .append(" (accuracies at least, final loss at most; a diverged job fails)\n");
    sb.append("- target loss for epochs to target: ")
        .append(sweep.targetLoss() == null ? "none" : Values.show(sweep.targetLoss()))
        .append(" (the first recorded epoch, every record_every = ")
        .append(sweep.base().values().get("record_every")).append(", at or below it)\n");
    sb.append("- jobs finished: ").append(results.size()).append(" of ")
        .append(sweep.jobs().size()).append('\n');
    if (stoppedEarly != null) {
      sb.append("- stopped early: ").append(stoppedEarly).append(" of ").append(results.size())
          .append(" finished jobs (early_stopping; each job's stop and best epochs are in its"
          + " summary.json)\n");
    }
    sb.append(commits(results)).append('\n');
    List<String> accuracies = accuracyKeys(results);
    sb.append("| point | success k/N [95% CI] | diverged | median final loss |"
        + " IQR of final loss |");
    for (String a : accuracies) {
      sb.append(' ').append(a.replace("_accuracy", "")).append(" accuracy: median (min-max) |");
    }
    sb.append(" median epochs to target (reached) | training s (sum) |\n");
    sb.append("|---|---|---|---|---|").append("---|".repeat(accuracies.size()))
        .append("---|---|\n");
    for (PointStats p : points(results)) {
      sb.append("| ").append(Values.point(p.point()))
          .append(" | ").append(Inference.rate(p.successes(), p.seeds()))
          .append(" | ").append(p.diverged())
          .append(" | ").append(g(p.medianLoss()))
          .append(" | ").append(g(p.q25())).append(" - ").append(g(p.q75()));
      for (String a : accuracies) sb.append(" | ").append(accuracyRange(p, a));
      sb.append(" | ").append(p.epochsToTarget().length == 0 ? "-"
              : String.format(Locale.ROOT, "%.0f", Stats.median(p.epochsToTarget())))
          .append(" (").append(p.epochsToTarget().length).append('/').append(p.seeds())
          .append(") | ").append(String.format(Locale.ROOT, "%.1f", p.trainSeconds()))
          .append(" |\n");
    }
    sb.append("\nSuccess k/N [95% CI]: k of the N seeds met the success criterion; the"
        + " brackets hold the 95% Wilson score interval of the success rate (with few seeds it"
        + " is wide: 5/5 is [0.57, 1.00]). ./lab compare tests differences between sweeps.\n")
        .append("\nEach job's files: runs/<job-id>/ (spec.yaml, metrics.csv, summary.json). ")
        .append(measuredOn(sweep)).append('\n');
    return sb.toString();
  }

  /**
   * The code version the jobs were computed with; a warning when they were computed by more than
   * one commit (resumed after a code change), with the jobs of each.
   */
  static String commits(List<JobResult> results) {
    Map<String, List<String>> byCommit = new java.util.TreeMap<>();
    for (JobResult r : results) {
      byCommit.computeIfAbsent(r.gitCommit(), c -> new ArrayList<>()).add(r.job().id());
    }
    if (byCommit.size() == 1) {
      return "- code: every job computed by commit " + byCommit.keySet().iterator().next() + "\n";
    }
    StringBuilder sb = new StringBuilder("- **WARNING: jobs computed by " + byCommit.size()
        + " different commits** (numbers may not be comparable across them; see runs.csv,"
        + " git_commit):\n");
    byCommit.forEach((c, ids) -> sb.append("  - ").append(c).append(": ").append(ids.size())
        .append(" jobs (").append(ids.size() <= 3 ? String.join(", ", ids)
            : ids.get(0) + " .. " + ids.get(ids.size() - 1)).append(")\n"));
    return sb.toString();
  }

  private static String accuracyRange(PointStats p, String key) {
    double[] v = p.accuracies().getOrDefault(key, new double[0]);
    if (v.length == 0) return "-";
    return String.format(Locale.ROOT, "%.4f (%.4f-%.4f)", Stats.median(v),
        java.util.Arrays.stream(v).min().orElseThrow(), java.util.Arrays.stream(v).max()
            .orElseThrow());
  }

  /** What the final loss and the accuracies are measured on, per experiment. */
  private static String measuredOn(Sweep sweep) {
    List<String> kinds = sweep.jobs().stream().map(j -> j.spec().experiment()).distinct().toList();
    String kind = kinds.size() == 1 ? kinds.get(0) : "";
    return switch (kind) {
      case "xor" -> "Loss and accuracy are measured on the four XOR points after the last epoch.";
      case "noisy-xor" -> "The final loss and the train accuracy are measured on the training"
          + " half of the points after the last epoch, the valid accuracy on the validation half.";
      case "mnist" -> "The final loss and the train accuracy are measured on the training images"
          + " after the last epoch, the valid accuracy on the held-out validation images, the test"
          + " accuracy on the 10,000 test images once after training.";
      default -> "Loss and accuracies are measured after the last epoch (see each experiment).";
    };
  }

  private static String fixed(Sweep sweep) {
    Map<String, Object> v = sweep.base().values();
    List<String> parts = new ArrayList<>();
    for (String k : List.of("model.hidden", "model.activation", "model.output", "model.dropout",
        "model.input_noise", "init", "loss", "optimizer.name", "optimizer.lr", "epochs", "batch",
        "dtype", "data.n", "data.label_flip", "data.jitter", "data.valid_size")) {
      if (v.containsKey(k) && !sweep.grid().containsKey(k)) {
        parts.add(k + " " + Values.show(v.get(k)));
      }
    }
    return String.join(", ", parts);
  }

  private static String seedText(List<Long> seeds) {
    boolean range = true;
    for (int i = 0; i < seeds.size(); i++) range &= seeds.get(i) == i;
    return range ? "0.." + (seeds.size() - 1) : seeds.toString();
  }

  static String g(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
  }

  static void writeAtomically(Path file, String text) {
    AtomicFiles.writeString(file, text);
  }
}
