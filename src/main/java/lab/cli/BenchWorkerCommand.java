package lab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import lab.bench.BenchWorker;
import lab.core.UserError;
import lab.net.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hidden worker of ./lab bench: one JVM per DL4J engine and repeat. It settles the engine
 * before anything loads ND4J, runs the in-process workloads and prints one JSON line.
 */
@Command(name = "bench-worker", hidden = true,
    description = "(internal) one DL4J engine's process of ./lab bench; prints JSON")
final class BenchWorkerCommand implements Callable<Integer> {
  @Option(names = "--engine", required = true, paramLabel = "dl4j|dl4j-stock")
  String engine;

  @Option(names = "--quick")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    if (!engine.equals(Engines.DL4J) && !engine.equals(Engines.STOCK)) {
      throw new UserError("--engine " + engine + ": not allowed; allowed: dl4j, dl4j-stock");
    }
    Engines.prepareProcess(engine.equals(Engines.STOCK));
    String json = new ObjectMapper().writeValueAsString(BenchWorker.run(engine, quick));
    System.out.println(json);
    return 0;
  }
}
