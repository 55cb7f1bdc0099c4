package lab.experiment;

import java.io.PrintStream;
import java.util.List;
import lab.spec.ExperimentSpec;

/**
 * An experiment whose runs that differ only in seed can be trained together as one stacked
 * network (lab.net.StackedNetwork), giving each run the numbers it gets when trained alone.
 */
public interface StackableExperiment extends Experiment {

  /** Why runs of this spec cannot be trained together, or null when they can. */
  String whyNotTogether(ExperimentSpec spec);

  /**
   * Trains the specs, the same but for seed, as one network; one Run per spec, in order.
   *
   * @throws lab.train.DivergedException when any loss becomes NaN or infinite: a NaN spreads to
   *     every network of the stack, so the runs must then be repeated one by one
   */
  List<Run> trainTogether(List<ExperimentSpec> specs, PrintStream console);
}
