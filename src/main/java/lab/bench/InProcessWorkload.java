package lab.bench;

import java.util.Map;

/**
 * A workload timed inside one engine's process (lab.cli bench-worker for DL4J,
 * bench/torch_bench.py for PyTorch): untimed-for-the-median warm-up rounds first, then the timed
 * rounds, all in the same process, so the warm-up shows how long the JIT takes to settle.
 */
interface InProcessWorkload extends Workload {

  /** Rounds run first and reported apart (JIT compilation, first-use set-up). */
  int warmUpRounds();

  /** Rounds whose times make the median. */
  int rounds();

  /** Runs one round on DL4J through the suite's own training path; its seconds. */
  double dl4jRound();

  /** What bench/torch_bench.py needs to run the same round (without the round counts). */
  Map<String, Object> torchRequest();
}
