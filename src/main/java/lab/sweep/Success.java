package lab.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import lab.UserError;

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
        throw new UserError(source + ": success." + key + ": unknown key; allowed keys: "
            + String.join(", ", KEYS.stream().sorted().toList()));
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
