package lab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.experiment.Predictions;
import lab.experiment.StoredRun;
import lab.net.Engines;
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
    Predictions.Input input = Predictions.read(run.spec().experiment(), inputs);
    String csv = Predictions.csv(run.model(), input);
    if (output == null) {
      System.out.print(csv);
      return 0;
    }
    Path target = output.toAbsolutePath();
    if (!Files.isDirectory(target.getParent())) {
      throw new UserError(output + ": its folder does not exist");
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, csv, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(input.rows().length + " predictions -> " + output);
    return 0;
  }
}
