package lab.experiment;

import java.util.Map;
import java.util.function.Supplier;
import lab.core.UserError;

/** The experiment class for each value of a spec's {@code experiment} key. */
public final class Experiments {
  private static final Map<String, Supplier<Experiment>> KINDS = Map.of(
      "xor", XorExperiment::new,
      "mnist", MnistExperiment::new,
      "noisy-xor", NoisyXorExperiment::new,
      "regression", RegressionExperiment::new);

  private Experiments() {}

  public static Experiment forKind(String kind) {
    Supplier<Experiment> s = KINDS.get(kind);
    if (s == null) throw new UserError("experiment " + kind + ": not available in this version");
    return s.get();
  }
}
