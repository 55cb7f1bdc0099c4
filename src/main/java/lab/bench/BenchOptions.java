package lab.bench;

import java.nio.file.Path;

/**
 * What ./lab bench was asked for.
 *
 * @param quick the smoke version: a few steps per round, for CI and a first look
 * @param rounds timed rounds per workload and engine, after the warm-up
 * @param torch whether to run the PyTorch counterparts (--no-torch: DL4J only)
 * @param resultsRoot where the bench/ (or bench-quick/) folder goes
 * @param engine the DL4J engine timed: dl4j or dl4j-stock (lab.net.Engines)
 */
public record BenchOptions(boolean quick, int rounds, boolean torch, Path resultsRoot,
    String engine) {

  /** results/bench/ for the real bench; results/bench-quick/ so a smoke run never replaces it. */
  public Path folder() {
    return resultsRoot.resolve(quick ? "bench-quick" : "bench");
  }
}
