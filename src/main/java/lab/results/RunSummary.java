package lab.results;

import java.nio.file.Path;
import java.util.Map;

/**
 * The headline of a run's summary.json, typed, for code that reads results back (sweep reports,
 * the command line, charts). Numbers a run does not have (no accuracy for a regression, no
 * validation set for XOR, anything for a diverged run) are NaN; {@code all} keeps every key.
 */
public record RunSummary(String name, String experiment, String description, long seed,
    int epochs, String engine, boolean diverged, double finalTrainLoss, double trainAccuracy,
    double validLoss, double validAccuracy, double testLoss, double testAccuracy,
    double trainSeconds, Map<String, Object> all) {

  /**
   * A stored run's summary.json. Its headline is checked: name and experiment are text, seed and
   * epochs whole numbers, diverged true or false when present, and every other headline number
   * a finite number or null (a value the run did not have); a run that did not diverge has its
   * final_train_loss. Anything else is one line naming the file and the key (a sweep put NaN into
   * runs.csv for such a job, and a comparison stopped on it).
   */
  public static RunSummary read(Path dir) {
    Path file = dir.resolve("summary.json");
    Map<String, Object> s = Json.read(file);
    for (String key : new String[] {"name", "experiment"}) {
      if (!(s.get(key) instanceof String)) {
        throw bad(file, key, s.get(key), "a name (text)");
      }
    }
    for (String key : new String[] {"seed", "epochs"}) {
      Object v = s.get(key);
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
          || n.doubleValue() < 0) {
        throw bad(file, key, v, "a whole number from 0");
      }
    }
    if (s.containsKey("diverged") && !(s.get("diverged") instanceof Boolean)) {
      throw bad(file, "diverged", s.get("diverged"), "true or false");
    }
    for (String key : new String[] {"final_train_loss", "train_accuracy", "valid_loss",
        "valid_accuracy", "test_loss", "test_accuracy", "train_seconds"}) {
      Object v = s.get(key);
      if (v != null && !(v instanceof Number n && Double.isFinite(n.doubleValue()))) {
        throw bad(file, key, v, "a finite number or null");
      }
    }
    if (!Boolean.TRUE.equals(s.get("diverged")) && s.get("final_train_loss") == null) {
      throw bad(file, "final_train_loss", null, "a finite number (the run did not diverge)");
    }
    return of(s);
  }

  private static lab.core.UserError bad(Path file, String key, Object value, String allowed) {
    return new lab.core.UserError(file + ": " + key + ": " + lab.core.UserError.shown(value, 40)
        + " is not allowed; allowed: " + allowed + "; rerun the experiment");
  }

  public static RunSummary of(Map<String, Object> s) {
    return new RunSummary(String.valueOf(s.get("name")), String.valueOf(s.get("experiment")),
        s.get("description") == null ? "" : String.valueOf(s.get("description")),
        (long) number(s.get("seed")), (int) number(s.get("epochs")),
        s.get("engine") == null ? "dl4j" : String.valueOf(s.get("engine")),
        Boolean.TRUE.equals(s.get("diverged")), number(s.get("final_train_loss")),
        number(s.get("train_accuracy")), number(s.get("valid_loss")),
        number(s.get("valid_accuracy")), number(s.get("test_loss")),
        number(s.get("test_accuracy")), number(s.get("train_seconds")), s);
  }

  /** The accuracy of set train, valid or test, NaN when the run has none. */
  public double accuracy(String set) {
    return switch (set) {
      case "train" -> trainAccuracy;
      case "valid" -> validAccuracy;
      case "test" -> testAccuracy;
      default -> Double.NaN;
    };
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
