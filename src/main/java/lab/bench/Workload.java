package lab.bench;

import java.util.Map;

/**
 * One kind of work ./lab bench times, on DL4J in this JVM and on PyTorch through
 * bench/torch_bench.py. A round is a fixed amount of work (steps, an epoch, a sweep slice); its
 * seconds divided by {@link #unitsPerRound()} give the time per unit both engines are compared on.
 */
interface Workload {

  /** The key of bench.json, e.g. "xor_step". */
  String id();

  /** The row of the printed table. */
  String title();

  /** A few words for the chart's axis, e.g. "XOR step". */
  String label();

  /** What the time is per: "step", "epoch", "job". */
  String unit();

  double unitsPerRound();

  /**
   * Whether one untimed round of each engine goes first, so that the JIT's compilation and
   * ND4J's and PyTorch's first-use set-up stay out of the timed rounds.
   */
  default boolean needsWarmUp() {
    return true;
  }

  /** Times one round on DL4J through the suite's own training path; its seconds. */
  double dl4jRound();

  /** The request that makes torch_bench.py time the same round (its answer: seconds). */
  Map<String, Object> torchRequest();

  /** The recipe and round size, for bench.json. */
  Map<String, Object> describe();

  /** The numbers a reader wants from a median time per unit (e.g. microseconds, GFLOP/s). */
  Map<String, Object> figures(double secondsPerUnit);

  /** The median as the table shows it, e.g. "1712 us/step". */
  String shown(double secondsPerUnit);
}
