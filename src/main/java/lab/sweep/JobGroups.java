package lab.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lab.experiment.Experiments;
import lab.experiment.StackableExperiment;
import lab.spec.ExperimentSpec;

/**
 * Splits a sweep's jobs into the units its runner trains: the seeds of a grid point together as
 * one stacked network (lab.net.StackedNetwork) where the experiment allows it, every other job
 * alone. The split depends on the sweep alone, never on --parallel or on which jobs are already
 * done, so that every run of a sweep trains the same units (a job's numbers do not depend on its
 * stack: lab.net.StackedNetwork gives each the bits of its run alone).
 */
final class JobGroups {

  /**
   * The most units a stacked layer may have. The block-diagonal products cost K times the useful
   * work, which for small layers is hidden by ND4J's fixed cost per op and for wide ones is not.
   */
  static final int MAX_STACKED_UNITS = 256;

  /** Jobs trained together ({@code stacked}), or a single job trained alone. */
  record Group(List<Job> jobs, boolean stacked) {}

  private JobGroups() {}

  /** Groups in job order; with {@code stack} false, every job alone. */
  static List<Group> of(Sweep sweep, boolean stack) {
    List<Group> out = new ArrayList<>();
    for (List<Job> point : sweep.byPoint()) {
      int size = stack ? groupSize(point.get(0).spec()) : 1;
      int chunks = (point.size() + size - 1) / size;
      for (int c = 0; c < chunks; c++) {
        // Near-equal chunks: 25 seeds at most 20 a group give 13 + 12, not 20 + 5.
        List<Job> jobs = point.subList(c * point.size() / chunks, (c + 1) * point.size() / chunks);
        out.add(new Group(List.copyOf(jobs), jobs.size() > 1));
      }
    }
    return out;
  }

  /** Why the jobs of this spec are trained one by one, or null when they are stacked. */
  static String whyAlone(ExperimentSpec spec) {
    if (!(Experiments.forKind(spec.experiment()) instanceof StackableExperiment s)) {
      return "experiment " + spec.experiment() + " trains one network at a time";
    }
    return s.whyNotTogether(spec);
  }

  /** How many of this spec's jobs one stacked network holds at most; 1 when it cannot stack. */
  static int groupSize(ExperimentSpec spec) {
    if (whyAlone(spec) != null) return 1;
    int widest = Math.max(1, spec.hidden().isEmpty() ? 1 : Collections.max(spec.hidden()));
    return Math.max(1, MAX_STACKED_UNITS / widest);
  }
}
