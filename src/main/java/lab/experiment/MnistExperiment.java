package lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.data.BatchSource;
import lab.data.ShuffledBatches;
import lab.mnist.MnistData;
import lab.mnist.MnistFetcher;
import lab.mnist.MnistFiles;
import lab.net.Engines;
import lab.spec.ExperimentSpec;
import lab.train.Model;
import lab.train.Trainer;
import lab.train.TrainingProgress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * An MLP on the real MNIST digits (Raschka et al. ch. 11, seed note 002): trains on 55,000
 * images, validates on 5,000 each epoch, and measures the 10,000 test images once at the end, as
 * the book reports them. Writes confusion.csv and the misclassified test images' indices so the
 * charts redraw from stored files and the data cache.
 */
public final class MnistExperiment implements Experiment {

  /** How many misclassified test images the summary lists (the book's figure 11.9 shows 25). */
  static final int MISCLASSIFIED_SHOWN = 25;

  /** Runs one MNIST spec from an IDE: {@code MnistExperiment path/to/spec.yaml [--set k=v ...]}. */
  public static void main(String[] args) {
    System.exit(ExperimentMain.run("mnist", args));
  }

  @Override
  public void readAhead(ExperimentSpec spec) {
    MnistData.readAhead(MnistFiles.cacheDir());
  }

  @Override
  public Run train(ExperimentSpec spec, Path dir, PrintStream console) {
    Path cache = MnistFetcher.ensure(MnistFiles.cacheDir(), console);
    MnistData data = MnistData.read(cache);
    MnistData.Split split = MnistData.split(data.trainFileSize(),
        spec.integer("data.valid_size"), spec.integer("data.train_limit"), spec.seed());
    boolean dbl = spec.isDouble();
    DataSet train = data.trainRows(split.train(), dbl);
    DataSet valid = data.trainRows(split.valid(), dbl);
    DataSet test = data.test(dbl);
    console.printf("MNIST: %d train, %d validation, %d test images from %s%n",
        split.train().length, split.valid().length, data.testSize(), cache);

    BatchSource batches = batches(spec, train);
    Map<String, DataSet> evalSets = Trainer.sets("train", train, "valid", valid);
    EngineComparison.Trained trained;
    // The scratch engine's comparison trains twice (scratch, then DL4J): the bar counts both.
    int passes = spec.engine().equals("scratch") ? 2 : 1;
    try (TrainingProgress progress =
        TrainingProgress.start(spec.name(), passes * spec.epochs(), train.numExamples())) {
      trained = EngineComparison.train(spec, MnistData.PIXELS, MnistData.CLASSES,
          progress.counting(batches), evalSets, dir, console);
    }
    Model net = trained.net();
    Trainer.Outcome outcome = trained.outcome();
    if (trained.comparison() != null) {
      TestResult dl4jTest = TestResult.of(trained.comparison().dl4j(), test);
      trained.comparison().summary().put("dl4j_test_accuracy", dl4jTest.accuracy());
      console.printf("DL4J's test accuracy on the same batches: %.2f%%%n",
          100 * dl4jTest.accuracy());
    }
    Map<String, Object> extras = trained.summaryExtras();

    TestResult result = TestResult.of(net, test);
    writeConfusion(dir.resolve("confusion.csv"), result.confusion());
    console.printf("Test accuracy: %.2f%% (%d of %d misclassified)%n",
        100 * result.accuracy(), result.misclassified().size(), data.testSize());

    extras.put("train_size", split.train().length);
    extras.put("valid_size", split.valid().length);
    extras.put("test_size", data.testSize());
    extras.put("test_loss", net.score(test));
    extras.put("test_accuracy", result.accuracy());
    extras.put("per_class_test_accuracy", result.perClassAccuracy());
    extras.put("misclassified_count", result.misclassified().size());
    List<Map<String, Integer>> shown = new ArrayList<>();
    for (int[] m : result.misclassified().subList(0,
        Math.min(MISCLASSIFIED_SHOWN, result.misclassified().size()))) {
      // In this order in every run (Map.of's order changes from one JVM to the next).
      Map<String, Integer> one = new LinkedHashMap<>();
      one.put("test_index", m[0]);
      one.put("true", m[1]);
      one.put("predicted", m[2]);
      shown.add(one);
    }
    extras.put("first_misclassified", shown);
    // The writer evaluates model.zip's network on these very sets (evaluation.json) instead of
    // reading and scaling the 70,000 images a second time.
    return new Run(outcome, extras, MnistFiles.dataSha256(), net.network(),
        net.network() != null, Trainer.sets("train", train, "valid", valid, "test", test));
  }

  /** Minibatches of {@code batch} images (batch 0: all of them), reshuffled every epoch. */
  public static BatchSource batches(ExperimentSpec spec, DataSet train) {
    int batch = spec.batch() == 0 ? train.numExamples() : spec.batch();
    return new ShuffledBatches(train, batch, spec.seed(),
            Engines.choose(spec.engine()).rowCopy());
  }

  /** Predictions on the test set: accuracy, per class, confusion, misclassified in file order. */
  record TestResult(double accuracy, double[] perClassAccuracy, long[][] confusion,
      List<int[]> misclassified) {

    static TestResult of(Model net, DataSet test) {
      INDArray out = net.output(test.getFeatures());
      long[] predicted = out.argMax(1).toLongVector();
      long[] truth = test.getLabels().argMax(1).toLongVector();
      long[][] confusion = new long[MnistData.CLASSES][MnistData.CLASSES];
      List<int[]> wrong = new ArrayList<>();
      for (int i = 0; i < predicted.length; i++) {
        confusion[(int) truth[i]][(int) predicted[i]]++;
        if (predicted[i] != truth[i]) wrong.add(new int[] {i, (int) truth[i], (int) predicted[i]});
      }
      double[] perClass = new double[MnistData.CLASSES];
      for (int c = 0; c < MnistData.CLASSES; c++) {
        long total = 0;
        for (long v : confusion[c]) total += v;
        perClass[c] = total == 0 ? Double.NaN : confusion[c][c] / (double) total;
      }
      double accuracy = (predicted.length - wrong.size()) / (double) predicted.length;
      return new TestResult(accuracy, perClass, confusion, wrong);
    }
  }

  /** Rows are the true digit, columns the predicted one. */
  static void writeConfusion(Path file, long[][] confusion) {
    StringBuilder sb = new StringBuilder("true\\predicted");
    for (int c = 0; c < confusion.length; c++) sb.append(',').append(c);
    sb.append('\n');
    for (int r = 0; r < confusion.length; r++) {
      sb.append(r);
      for (long v : confusion[r]) sb.append(',').append(v);
      sb.append('\n');
    }
    try {
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, DataSet> evaluationSets(ExperimentSpec spec, Path dir) {
    MnistData data = MnistData.read(MnistFetcher.ensure(MnistFiles.cacheDir(), System.out));
    MnistData.Split split = MnistData.split(data.trainFileSize(),
        spec.integer("data.valid_size"), spec.integer("data.train_limit"), spec.seed());
    boolean dbl = spec.isDouble();
    return Trainer.sets("train", data.trainRows(split.train(), dbl),
        "valid", data.trainRows(split.valid(), dbl), "test", data.test(dbl));
  }

  @Override
  public List<String> evaluatedSets() {
    return List.of("train", "valid", "test");
  }

  @Override
  public void drawCharts(Path dir) {
    MnistCharts.draw(dir);
  }
}
