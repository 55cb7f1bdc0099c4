package lab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lab.results.Json;
import lab.results.MetricsTable;

/**
 * What one finished job produced, read back from its folder (summary.json and metrics.csv), so
 * that runs.csv, summary.md and the charts can always be rebuilt from stored files.
 *
 * @param accuracies train_/valid_/test_accuracy where the job has them
 * @param epochsToTarget the first recorded epoch whose train_loss is at or below the sweep's
 *     target_loss; -1 when never (or no target)
 * @param metrics the job's metrics.csv; null for a diverged job, which has none
 * @param success whether the job met the sweep's success criterion
 */
public record JobResult(Job job, boolean diverged, double finalTrainLoss,
    Map<String, Double> accuracies, int epochsToTarget, double wallSeconds, MetricsTable metrics,
    boolean success) {

  public static JobResult read(Job job, Path dir, Sweep sweep) {
    JobResult r = read(job, dir, sweep.targetLoss());
    return new JobResult(job, r.diverged, r.finalTrainLoss, r.accuracies, r.epochsToTarget,
        r.wallSeconds, r.metrics, sweep.success().test(r));
  }

  private static JobResult read(Job job, Path dir, Double targetLoss) {
    Map<String, Object> s = Json.read(dir.resolve("summary.json"));
    boolean diverged = Boolean.TRUE.equals(s.get("diverged"));
    double seconds = number(s.get("train_seconds"));
    Map<String, Double> acc = new LinkedHashMap<>();
    for (String set : new String[] {"train", "valid", "test"}) {
      Object a = s.get(set + "_accuracy");
      if (a != null) acc.put(set + "_accuracy", number(a));
    }
    if (diverged || !Files.isRegularFile(dir.resolve("metrics.csv"))) {
      return new JobResult(job, true, Double.NaN, acc, -1, seconds, null, false);
    }
    MetricsTable m = MetricsTable.read(dir.resolve("metrics.csv"));
    return new JobResult(job, false, number(s.get("final_train_loss")), acc,
        epochsTo(m, targetLoss), seconds, m, false);
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

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
