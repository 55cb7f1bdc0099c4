package lab.bench;

import java.util.Map;

/**
 * One kind of work ./lab bench times on every engine. A round is a fixed amount of work (steps,
 * an epoch, a sweep slice, a whole run); its seconds divided by {@link #unitsPerRound()} give the
 * time per unit the engines are compared on.
 */
interface Workload {

  /** The key of bench.json, e.g. "xor_step". */
  String id();

  /** The row of the printed table. */
  String title();

  /** A few words for the chart's axis, e.g. "XOR step". */
  String label();

  /** What the time is per: "step", "epoch", "job", "run". */
  String unit();

  double unitsPerRound();

  /** Floating-point operations of one unit (2 per multiply-add), for GFLOP/s. */
  double flopsPerUnit();

  /** The recipe and round size, for bench.json. */
  Map<String, Object> describe();

  /** The median as the table shows it, e.g. "1712 us/step". */
  String shown(double secondsPerUnit);
}
