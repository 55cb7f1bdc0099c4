package lab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.bench.Bench;
import lab.bench.BenchOptions;
import lab.core.Project;
import lab.core.UserError;
import lab.net.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab bench --quick --no-torch   DL4J alone, a smoke run: results/bench-quick/",
        "  ./lab bench --quick              the same beside PyTorch (python3-torch)"},
    description = "Time DL4J (engines dl4j and dl4j-stock) against PyTorch"
    + " on the xor-3hidden step, the mnist-ch11 epoch, a 40-job XOR sweep slice and the whole"
    + " mnist-ch11 run, each engine in a process of its own with the others not running, one"
    + " thread each, the engines' order rotating between repeats; prints medians, ratios and"
    + " GFLOP/s, writes results/bench/bench.json and bench.png. Installs python3-torch and"
    + " libopenblas0-pthread with apt-get when missing.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "a smoke run of small rounds (CI); writes"
      + " results/bench-quick/, never replacing results/bench/")
  boolean quick;

  @Option(names = "--repeats", paramLabel = "N",
      description = "processes per engine, order rotating (default 3; --quick: 1)")
  Integer repeats;

  @Option(names = "--no-torch", description = "time DL4J only")
  boolean noTorch;

  @Option(names = "--engine", paramLabel = "dl4j|dl4j-stock",
      description = "time this DL4J engine only (default: both)")
  String engine;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    int n = repeats != null ? repeats : quick ? 1 : 3;
    if (n < 1 || n > 100) {
      throw new UserError("--repeats " + n + ": not allowed; allowed: a whole number"
          + " from 1 to 100");
    }
    List<String> engines = List.of(Engines.DL4J, Engines.STOCK);
    if (engine != null) {
      if (!engines.contains(engine)) {
        throw new UserError("--engine " + engine + ": not allowed; allowed: dl4j, dl4j-stock");
      }
      engines = List.of(engine);
    }
    // No Engines.prepareProcess here: this process only starts and waits for the engines' own.
    Bench.run(new BenchOptions(quick, n, !noTorch, Project.writableResultsRoot(results), engines),
        System.out);
    return 0;
  }
}
