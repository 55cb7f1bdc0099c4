package lab.sweep;

import java.util.Map;
import java.util.stream.Collectors;
import lab.spec.ExperimentSpec;

/**
 * One run of a sweep: a grid point on one seed, with its fully resolved spec.
 *
 * @param index position in the sweep's stable order (grid keys in file order, the first varying
 *     slowest, seeds innermost)
 * @param id the job's folder name under runs/, e.g. {@code 0007-optimizer.lr=0.1,seed=3}
 * @param point the swept keys and this job's values, in grid order
 * @param pointIndex which grid point (0-based), shared by all seeds of the point
 */
public record Job(int index, String id, Map<String, Object> point, int pointIndex, long seed,
    ExperimentSpec spec) {

  static String id(int index, Map<String, Object> point, long seed) {
    String keys = point.entrySet().stream()
        .map(e -> e.getKey() + "=" + Values.forFolder(e.getValue()))
        .collect(Collectors.joining(","));
    return String.format("%04d-%s%sseed=%d", index, keys, keys.isEmpty() ? "" : ",", seed);
  }
}
