package lab.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.experiment.ExperimentRunner;
import lab.experiment.Predictions;
import lab.experiment.StoredRun;
import lab.net.Engines;
import lab.results.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab predict xor-3hidden --input pts.csv   x0,x1 rows",
        "  ./lab predict mnist-ch11 --input digit.png  a 28x28 grayscale PNG",
        "  ./lab predict mnist-ch11 --input t.idx --output p.csv  IDX images"},
    description = "Predict with a run's saved model.zip: a CSV of outputs"
    + " and predicted classes, on standard output or into --output.")
final class PredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "a result folder of results/")
  String name;

  @Option(names = "--input", paramLabel = "FILE", required = true,
      description = "XOR and noisy XOR: a CSV of x0,x1 rows; MNIST: an IDX image file or PNG"
          + " images (28x28, 8-bit grayscale), repeatable")
  List<Path> inputs;

  @Option(names = "--output", paramLabel = "FILE",
      description = "write the CSV here (written beside and renamed) instead of printing it")
  Path output;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders are (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    Engines.prepareProcess(true); // plain DL4J restores and runs the model
    StoredRun run = StoredRun.open(Project.resultsRoot(results), name);
    Path target = output == null ? null : checkedOutput(output);
    Predictions.Input input = Predictions.read(run.spec().experiment(), inputs);
    var net = run.model();
    if (input.rows().length > 0) {
      run.checkColumns(net, input.rows()[0].length, "--input " + inputs.get(0));
    }
    String csv = Predictions.csv(net, input, "--input " + String.join(" ", inputs.stream()
        .map(Object::toString).toList()));
    if (target == null) {
      System.out.print(csv);
      return 0;
    }
    try {
      AtomicFiles.writeString(target, csv); // beside the target, then renamed into place
    } catch (UncheckedIOException e) {
      throw new UserError(output + ": cannot be written (" + e.getCause().getMessage() + ")");
    }
    System.out.println(input.rows().length + " predictions -> " + output);
    return 0;
  }

  /**
   * {@code --output} as an absolute path, refused before anything is computed when it is a
   * folder, its folder does not exist, or it lies inside a result folder (a run's files, such as
   * its model.zip, are never overwritten).
   */
  static Path checkedOutput(Path output) {
    Path target = output.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw new UserError("--output " + output + ": a folder; give a file name, e.g. --output "
          + output.resolve("predictions.csv"));
    }
    if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
      throw new UserError("--output " + output + ": its folder does not exist");
    }
    for (Path p = target.getParent(); p != null; p = p.getParent()) {
      if (ExperimentRunner.isResultFolder(p)) {
        throw new UserError("--output " + output + ": inside the result folder " + p + ", whose"
            + " files are not overwritten; write the predictions elsewhere");
      }
    }
    return target;
  }
}
