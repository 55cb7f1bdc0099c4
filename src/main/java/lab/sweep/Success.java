package lab.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.core.UserError;
import lab.experiment.Experiments;
import lab.spec.SpecLoader;

/**
 * When a job counts as a success: each accuracy at least its given value and the final training
 * loss at most {@code max_final_train_loss}. A diverged job never succeeds.
 */
public record Success(Map<String, Double> criteria) {

  static final Set<String> KEYS =
      Set.of("train_accuracy", "valid_accuracy", "test_accuracy", "max_final_train_loss");

  static Success parse(String source, Object raw) {
    if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
      throw new UserError(source + ": success: " + SweepLoader.show(raw) + " is not allowed; "
          + "allowed: a mapping of " + String.join(", ", KEYS.stream().sorted().toList())
          + " to numbers, e.g. {train_accuracy: 1.0, max_final_train_loss: 0.05}");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!KEYS.contains(key)) {
        List<String> allowed = KEYS.stream().sorted().toList();
        throw new UserError(source + ": success." + key + ": unknown key"
            + SpecLoader.didYouMean(key, allowed) + "; allowed keys: "
            + String.join(", ", allowed));
      }
      boolean accuracy = key.endsWith("accuracy");
      if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())
          || n.doubleValue() < 0 || (accuracy && n.doubleValue() > 1)) {
        throw new UserError(source + ": success." + key + ": " + SweepLoader.show(e.getValue())
            + " is not allowed; allowed: " + (accuracy ? "a number from 0 to 1" : "a number >= 0"));
      }
      out.put(key, n.doubleValue());
    }
    return new Success(out);
  }

  /**
   * Rejects an accuracy the experiment does not measure (e.g. valid_accuracy for xor, which has
   * no validation set): every job would fail it, and the sweep would say nothing of why.
   */
  void checkMeasured(String source, String experiment) {
    List<String> sets = Experiments.forKind(experiment).evaluatedSets();
    for (String key : criteria.keySet()) {
      if (!key.endsWith("_accuracy")) continue;
      String set = key.substring(0, key.length() - "_accuracy".length());
      if (!sets.contains(set)) {
        throw new UserError(source + ": success." + key + ": experiment " + experiment
            + " measures no " + set + " accuracy; allowed for it: " + String.join(", ",
                sets.stream().map(s -> s + "_accuracy").toList()) + ", max_final_train_loss");
      }
    }
  }

  boolean test(JobResult r) {
    if (r.diverged()) return false;
    for (Map.Entry<String, Double> c : criteria.entrySet()) {
      if (c.getKey().equals("max_final_train_loss")) {
        if (!(r.finalTrainLoss() <= c.getValue())) return false;
      } else {
        Double v = r.accuracies().get(c.getKey());
        if (v == null || !(v >= c.getValue())) return false;
      }
    }
    return true;
  }
}
