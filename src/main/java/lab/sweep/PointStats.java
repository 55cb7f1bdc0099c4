package lab.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the seeds of one grid point did together.
 *
 * @param first the point's first job (its spec holds every value of the point's recipe)
 * @param finalLosses the final training loss of each seed that did not diverge
 * @param epochsToTarget the epochs to target of each seed that reached it
 * @param accuracies per accuracy the jobs report (train_accuracy, valid_accuracy, ...), its value
 *     on each seed that did not diverge
 */
record PointStats(Job first, int seeds, int successes, int diverged,
    double[] finalLosses, double[] epochsToTarget, double trainSeconds,
    Map<String, double[]> accuracies) {

  static PointStats of(List<JobResult> results) {
    Job first = results.get(0).job();
    double[] losses = results.stream().filter(r -> !r.diverged())
        .mapToDouble(JobResult::finalTrainLoss).toArray();
    double[] epochs = results.stream().filter(r -> r.epochsToTarget() >= 0)
        .mapToDouble(JobResult::epochsToTarget).toArray();
    Map<String, double[]> accuracies = new LinkedHashMap<>();
    results.stream().filter(r -> !r.diverged()).flatMap(r -> r.accuracies().keySet().stream())
        .distinct().forEach(k -> accuracies.put(k, results.stream()
            .filter(r -> !r.diverged() && r.accuracies().containsKey(k))
            .mapToDouble(r -> r.accuracies().get(k)).toArray()));
    return new PointStats(first, results.size(),
        (int) results.stream().filter(JobResult::success).count(),
        (int) results.stream().filter(JobResult::diverged).count(), losses, epochs,
        results.stream().mapToDouble(JobResult::trainSeconds).sum(), accuracies);
  }

  /** The median of an accuracy over the seeds that did not diverge; NaN when none has it. */
  double medianAccuracy(String key) {
    return Stats.median(accuracies.getOrDefault(key, new double[0]));
  }

  Map<String, Object> point() {
    return first.point();
  }

  double successRate() {
    return successes / (double) seeds;
  }

  double medianLoss() {
    return Stats.median(finalLosses);
  }

  double q25() {
    return Stats.quantile(finalLosses, 0.25);
  }

  double q75() {
    return Stats.quantile(finalLosses, 0.75);
  }
}
