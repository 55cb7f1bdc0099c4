package lab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The seconds per unit of one workload's timed rounds on one engine. */
final class Timings {
  private final List<Double> perUnit = new ArrayList<>();

  /** The timings of these rounds. */
  static Timings of(List<Double> secondsPerUnit) {
    Timings t = new Timings();
    secondsPerUnit.forEach(t::add);
    return t;
  }

  void add(double secondsPerUnit) {
    perUnit.add(secondsPerUnit);
  }

  boolean isEmpty() {
    return perUnit.isEmpty();
  }

  double last() {
    return perUnit.get(perUnit.size() - 1);
  }

  List<Double> values() {
    return List.copyOf(perUnit);
  }

  /** The median (the mean of the middle two for an even count): robust to a round disturbed by
   * another job on the shared cores. */
  double median() {
    double[] v = perUnit.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  double min() {
    return perUnit.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  double max() {
    return perUnit.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  @Override
  public String toString() {
    return Arrays.toString(perUnit.toArray());
  }
}
