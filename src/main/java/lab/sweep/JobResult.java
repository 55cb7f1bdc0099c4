package lab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lab.results.MetricsTable;
import lab.results.RunSummary;

/**
 * What one finished job produced, read back from its folder (summary.json and metrics.csv), so
 * that runs.csv, summary.md and the charts can always be rebuilt from stored files.
 *
 * @param accuracies train_/valid_/test_accuracy where the job has them
 * @param epochsToTarget the first recorded epoch whose train_loss is at or below the sweep's
 *     target_loss; -1 when never (or no target)
 * @param trainSeconds the job's training time (summary.json train_seconds; a stacked job's share:
 *     the stack's time / K), not the wall clock of the whole job
 * @param metrics the job's metrics.csv; null for a diverged job, which has none
 * @param success whether the job met the sweep's success criterion
 * @param gitCommit the code version that computed the job (provenance.git_commit), or "unknown"
 * @param stackedNetworks how many networks the job was trained with (1: alone)
 */
public record JobResult(Job job, boolean diverged, double finalTrainLoss,
    Map<String, Double> accuracies, int epochsToTarget, double trainSeconds, MetricsTable metrics,
    boolean success, String gitCommit, int stackedNetworks) {

  /** A result without provenance (tests of the scoring). */
  public JobResult(Job job, boolean diverged, double finalTrainLoss,
      Map<String, Double> accuracies, int epochsToTarget, double trainSeconds, MetricsTable metrics,
      boolean success) {
    this(job, diverged, finalTrainLoss, accuracies, epochsToTarget, trainSeconds, metrics, success,
        "unknown", 1);
  }

  public static JobResult read(Job job, Path dir, Sweep sweep) {
    JobResult r = read(job, dir, sweep.targetLoss());
    return new JobResult(job, r.diverged, r.finalTrainLoss, r.accuracies, r.epochsToTarget,
        r.trainSeconds, r.metrics, sweep.success().test(r), r.gitCommit, r.stackedNetworks);
  }

  private static JobResult read(Job job, Path dir, Double targetLoss) {
    RunSummary s = RunSummary.read(dir);
    boolean diverged = s.diverged();
    double seconds = s.trainSeconds();
    Map<String, Double> acc = new LinkedHashMap<>();
    for (String set : new String[] {"train", "valid", "test"}) {
      if (s.all().get(set + "_accuracy") != null) acc.put(set + "_accuracy", s.accuracy(set));
    }
    String commit = s.all().get("provenance") instanceof Map<?, ?> p
        && p.get("git_commit") != null ? String.valueOf(p.get("git_commit")) : "unknown";
    int stacked = s.all().get("stacked_networks") instanceof Number n ? n.intValue() : 1;
    if (diverged || !Files.isRegularFile(dir.resolve("metrics.csv"))) {
      return new JobResult(job, true, Double.NaN, acc, -1, seconds, null, false, commit, stacked);
    }
    MetricsTable m = MetricsTable.read(dir.resolve("metrics.csv"));
    return new JobResult(job, false, s.finalTrainLoss(), acc,
        epochsTo(m, targetLoss), seconds, m, false, commit, stacked);
  }

  private static int epochsTo(MetricsTable m, Double target) {
    if (target == null) return -1;
    double[] epoch = m.column("epoch");
    double[] loss = m.column("train_loss");
    for (int i = 0; i < loss.length; i++) {
      if (loss[i] <= target) return (int) epoch[i];
    }
    return -1;
  }
}
