package lab.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What ./lab bench was asked for.
 *
 * @param quick the smoke version: small rounds, one of each, for CI and a first look
 * @param repeats processes per engine and workload kind, engines' order rotating between them
 * @param torch whether to run the PyTorch counterparts (--no-torch: DL4J only)
 * @param resultsRoot where the bench/ (or bench-quick/) folder goes
 * @param dl4jEngines the DL4J engines timed: dl4j and dl4j-stock by default (lab.net.Engines)
 */
public record BenchOptions(boolean quick, int repeats, boolean torch, Path resultsRoot,
    List<String> dl4jEngines) {

  /** results/bench/ for the real bench; results/bench-quick/ so a smoke run never replaces it. */
  public Path folder() {
    return resultsRoot.resolve(quick ? "bench-quick" : "bench");
  }
}
