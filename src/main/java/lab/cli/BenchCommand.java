package lab.cli;

import java.nio.file.Path;
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
    description = "Time DL4J against PyTorch on the xor-3hidden step, the"
    + " mnist-ch11 epoch and a 40-job XOR sweep slice, rounds alternating after a warm-up;"
    + " prints medians and DL4J/PyTorch ratios, writes results/bench/bench.json and bench.png."
    + " Installs python3-torch and libopenblas0-pthread with apt-get when missing.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "a smoke run of a few steps per round (CI); writes"
      + " results/bench-quick/, never replacing results/bench/")
  boolean quick;

  @Option(names = "--repeats", paramLabel = "N",
      description = "timed rounds per workload and engine (default 3; --quick: 1)")
  Integer repeats;

  @Option(names = "--no-torch", description = "time DL4J only")
  boolean noTorch;

  @Option(names = "--engine", paramLabel = "dl4j|dl4j-stock",
      description = "the DL4J engine timed (default dl4j)")
  String engine = Engines.DL4J;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    int rounds = repeats != null ? repeats : quick ? 1 : 3;
    if (rounds < 1 || rounds > 100) {
      throw new UserError("--repeats " + rounds + ": not allowed; allowed: a whole number"
          + " from 1 to 100");
    }
    if (!engine.equals(Engines.DL4J) && !engine.equals(Engines.STOCK)) {
      throw new UserError("--engine " + engine + ": not allowed; allowed: dl4j, dl4j-stock");
    }
    Engines.prepareProcess(engine.equals(Engines.STOCK));
    Bench.run(new BenchOptions(quick, rounds, !noTorch, Project.resultsRoot(results), engine),
        System.out);
    return 0;
  }
}
