package lab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.experiment.ExperimentRunner;
import lab.net.Engines;
import lab.results.RunSummary;
import lab.scratch.ScratchNetwork;
import lab.spec.ExperimentSpec;
import lab.spec.Overrides;
import lab.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab run xor-3hidden                        experiments/xor-3hidden.yaml",
        "  ./lab run xor-2-2-1-sgd --set optimizer.lr=0.5 --results /tmp/lab-results",
        "  ./lab run regression-ch12 --engine scratch   hand-written engine and DL4J"},
    description = "Train one experiment and write results/<name>/.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|PATH.yaml",
      description = "an experiment of experiments/ or a spec file")
  String spec;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a spec value, e.g. --set optimizer.lr=0.1 --set model.hidden=[4,4]")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Option(names = "--engine", paramLabel = "dl4j|dl4j-stock|scratch",
      description = "who trains: dl4j (default: DL4J with the project's CPU fast path), "
          + "dl4j-stock (DL4J's own MultiLayerNetwork, ND4J at its defaults), or scratch (the "
          + "hand-written engine of lab.scratch, which also trains DL4J from the same start and "
          + "writes engine-comparison.csv/.png); a run with another engine than dl4j goes to "
          + "results/<name>-<engine>/ (the same as --set engine=...)")
  String engine;

  @Option(names = "--name", paramLabel = "NAME",
      description = "write results/NAME/ (and name the run so); without it a run with --set goes"
          + " to results/<name>@KEY=VALUE,.../, never replacing the spec's own result")
  String name;

  @Option(names = "--resume",
      description = "continue an interrupted run of the same spec from its last checkpoint"
          + " (kept in results/.incoming/); without one, start from the beginning")
  boolean resume;

  @Override
  public Integer call() {
    Path file = Project.specPath(spec);
    Overrides given = Overrides.of(overrides).option("--engine", "engine", engine)
        .option("--name", "name", name);
    ExperimentSpec s = SpecLoader.load(file, given);
    Path root = Project.writableResultsRoot(results); // a bad --results is refused before training
    // Before anything loads ND4J: a stock run leaves ND4J and JavaCPP at their defaults.
    Engines.prepareProcess(Engines.STOCK.equals(s.engine()));
    if (Engines.SCRATCH.equals(s.engine())) {
      ScratchNetwork.check(file.toString(), s); // before any data is read
    }
    lab.net.MemoryEstimate.check(s, file.toString(), given); // refused here when it cannot fit
    PrintStream out = System.out;
    out.println("== " + s.name() + " (" + s.experiment() + ", seed " + s.seed() + ", engine "
        + s.engine() + ") from " + file);
    Path target = root.resolve(ExperimentRunner.folderName(s, given, name != null));
    // Ctrl-C (SIGINT) or a kill (SIGTERM) ends the JVM through its shutdown hooks: say how to go
    // on from the last checkpoint, as a sweep does.
    Thread onInterrupt = new Thread(() -> out.printf("%ninterrupted: the run's last checkpoint, if any,"
        + " is kept in %s; continue with: %s%n",
        root.resolve(".incoming"), resumeCommand()));
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    RunSummary summary;
    try {
      summary = RunSummary.of(resume ? ExperimentRunner.resume(s, target, out, true)
          : ExperimentRunner.run(s, target, out));
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is ending (the hook runs or has run).
      }
    }
    out.printf("final train loss %.6g%s%s; %.1f s -> %s%n", summary.finalTrainLoss(),
        Double.isNaN(summary.trainAccuracy()) ? ""
            : String.format(", train accuracy %.4f", summary.trainAccuracy()),
        Double.isNaN(summary.validAccuracy()) ? ""
            : String.format(", valid accuracy %.4f", summary.validAccuracy()),
        summary.trainSeconds(), target);
    return 0;
  }

  /** This command as given, with --resume. */
  String resumeCommand() {
    List<String> args = new ArrayList<>(List.of("./lab", "run", spec));
    for (String o : overrides) args.addAll(List.of("--set", o));
    if (engine != null) args.addAll(List.of("--engine", engine));
    if (name != null) args.addAll(List.of("--name", name));
    if (results != null) args.addAll(List.of("--results", results.toString()));
    args.add("--resume");
    return String.join(" ", args.stream().map(lab.sweep.CommandLineSweep::quoted).toList());
  }
}
