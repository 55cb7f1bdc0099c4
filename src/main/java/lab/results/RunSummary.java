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

  public static RunSummary read(Path dir) {
    return of(Json.read(dir.resolve("summary.json")));
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
