package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.cli.Main;
import lab.results.MetricsTable;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoisyXorExperimentTest {

  /**
   * Shortened from the specs' 200 epochs to keep the suite fast; on the committed seed the MLP
   * has left the logistic model behind well before this (see results/noisy-xor-mlp/metrics.csv).
   */
  static final int SHORT_EPOCHS = 70;

  @TempDir Path tmp;

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  private Map<String, Object> run(String name, String... overrides) {
    ExperimentSpec spec = SpecLoader.load(Path.of("experiments/" + name + ".yaml"),
        List.of(overrides));
    return ExperimentRunner.run(spec, tmp.resolve(spec.name()), QUIET);
  }

  @Test
  void theMlpBeatsLogisticRegressionOnValidationAndWritesEveryOutput() throws IOException {
    Map<String, Object> logreg = run("noisy-xor-logreg", "epochs=" + SHORT_EPOCHS);
    Map<String, Object> mlp = run("noisy-xor-mlp", "epochs=" + SHORT_EPOCHS);
    double logregValid = (Double) logreg.get("valid_accuracy");
    double mlpValid = (Double) mlp.get("valid_accuracy");
    assertTrue(mlpValid > logregValid + 0.2,
        "MLP valid accuracy " + mlpValid + " vs logistic " + logregValid);

    Path dir = tmp.resolve("noisy-xor-mlp");
    MetricsTable metrics = MetricsTable.read(dir.resolve("metrics.csv"));
    assertEquals(List.of("epoch", "train_loss", "train_accuracy", "valid_loss", "valid_accuracy"),
        metrics.columns());
    assertEquals(SHORT_EPOCHS + 1, metrics.rows().size(), "epoch 0 and every epoch");
    assertEquals(mlpValid, metrics.last("valid_accuracy"));
    assertTrue(mlp.containsKey("valid_loss") && mlp.containsKey("parameters"));
    for (String png : List.of("loss.png", "accuracy.png", "decision-regions.png",
        "probability.png")) {
      assertTrue(Files.size(dir.resolve(png)) > 10_000, png + " drawn");
    }
    assertEquals(101, Files.readAllLines(dir.resolve("train.csv")).size(), "header + 100 rows");
    assertEquals(101, Files.readAllLines(dir.resolve("valid.csv")).size(), "header + 100 rows");
  }

  @Test
  void theSameSpecAndSeedGiveTheSameNumbersWithInputNoise() throws IOException {
    run("noisy-xor-noisy-input", "epochs=3", "name=first");
    run("noisy-xor-noisy-input", "epochs=3", "name=second");
    assertEquals(Files.readString(tmp.resolve("first/metrics.csv")),
        Files.readString(tmp.resolve("second/metrics.csv")));
    assertEquals(Files.readString(tmp.resolve("first/train.csv")),
        Files.readString(tmp.resolve("second/train.csv")));
  }

  @Test
  void aMalformedUserFileStopsTheRunWithOneLineAndExitTwoAndKeepsTheOldResult()
      throws IOException {
    Path train = tmp.resolve("my-train.csv");
    Path valid = tmp.resolve("my-valid.csv");
    Files.writeString(train, "0.1,0.2,1\n-0.5,0.5,0\n");
    Files.writeString(valid, "0.1,0.2,1\n-0.5,0.5,7\n");
    Path spec = tmp.resolve("mine.yaml");
    Files.writeString(spec, "experiment: noisy-xor\nepochs: 1\ndata:\n  train: " + train
        + "\n  valid: " + valid + "\n");
    Path results = tmp.resolve("results");
    Path old = Files.createDirectories(results.resolve("mine")).resolve("summary.json");
    Files.writeString(old, "{\"earlier\": true}");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedErr = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute("run", spec.toString(), "--results", results.toString());
    } finally {
      System.setErr(savedErr);
    }
    String printed = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(2, code);
    assertEquals("error: " + valid + ":2: label '7' is not allowed; allowed: 0 or 1", printed);
    assertEquals("{\"earlier\": true}", Files.readString(old));
  }

  @Test
  void theUsersOwnFilesAreTrainedOnAndCopiedIntoTheResult() throws IOException {
    Path train = tmp.resolve("my-train.csv");
    Path valid = tmp.resolve("my-valid.csv");
    Files.writeString(train, "a,b,y\n0.5,0.5,1\n-0.5,0.5,0\n0.5,-0.5,0\n-0.5,-0.5,1\n");
    Files.writeString(valid, "0.4,0.6,1\n-0.6,0.4,0\n");
    Map<String, Object> summary = run("noisy-xor-mlp", "epochs=2", "data.train=" + train,
        "data.valid=" + valid);
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) summary.get("data");
    assertEquals(4, data.get("train_points"));
    assertEquals(2, data.get("valid_points"));
    assertEquals(Files.readString(valid),
        Files.readString(tmp.resolve("noisy-xor-mlp/valid.csv")));
  }
}
