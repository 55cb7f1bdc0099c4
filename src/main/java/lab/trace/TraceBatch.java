package lab.trace;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import lab.data.DataVecBatches;
import lab.data.LabeledPoints;
import lab.data.NoisyXorData;
import lab.data.PointsCsv;
import lab.data.ToyRegressionData;
import lab.experiment.XorExperiment;
import lab.mnist.MnistData;
import lab.mnist.MnistFetcher;
import lab.mnist.MnistFiles;
import lab.spec.ExperimentSpec;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The batch a trace steps on, for each experiment kind: a training set of at most
 * {@link #WHOLE} rows is used whole (XOR, the regression), a larger one by its first
 * {@link #SMALL} rows in the order the experiment stores them (noisy XOR, MNIST), never shuffled.
 *
 * @param what one line saying which rows these are, for the console and trace.md
 */
public record TraceBatch(DataSet data, int nIn, int nOut, String what) {
  /** Training sets up to this many rows are traced whole. */
  public static final int WHOLE = 10;
  /** Rows taken from a larger training set. */
  public static final int SMALL = 4;

  public int rows() {
    return data.numExamples();
  }

  public static TraceBatch of(ExperimentSpec spec, PrintStream console) {
    boolean dbl = spec.isDouble();
    return switch (spec.experiment()) {
      case "xor" -> new TraceBatch(XorExperiment.dataSet(dbl), 2, 1, "the four XOR points");
      case "regression" -> {
        ToyRegressionData d = ToyRegressionData.book();
        yield new TraceBatch(d.dataSet(dbl), 1, 1, "the " + d.size()
            + " points of the regression, x standardized");
      }
      case "noisy-xor" -> noisyXor(spec, dbl);
      case "mnist" -> mnist(spec, dbl, console);
      default -> throw new IllegalArgumentException("experiment " + spec.experiment());
    };
  }

  /** The training points as the experiment reads them: through train.csv and DataVec. */
  private static TraceBatch noisyXor(ExperimentSpec spec, boolean dbl) {
    String file = spec.text("data.train");
    List<List<Writable>> records;
    String source;
    if (file.isEmpty()) {
      int n = spec.integer("data.n");
      LabeledPoints train = NoisyXorData.generate(n, spec.seed(), spec.real("data.label_flip"),
          spec.real("data.jitter")).slice(0, n / 2);
      records = viaCsv(train);
      source = "training points generated from seed " + spec.seed();
    } else {
      records = PointsCsv.readRecords(Path.of(file));
      source = "training points of " + file;
    }
    int k = Math.min(SMALL, records.size());
    DataSet d = DataVecBatches.dataSet(records.subList(0, k), dbl ? DataType.DOUBLE
        : DataType.FLOAT);
    return new TraceBatch(d, 2, 1, "the first " + k + " of the " + records.size() + " " + source);
  }

  private static List<List<Writable>> viaCsv(LabeledPoints points) {
    try {
      Path dir = Files.createTempDirectory("lab-trace");
      try {
        Path csv = dir.resolve("train.csv");
        PointsCsv.write(csv, points);
        List<List<Writable>> records = PointsCsv.readRecords(csv);
        Files.delete(csv);
        return records;
      } finally {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first rows of the training split (after the seeded train/validation permutation). */
  private static TraceBatch mnist(ExperimentSpec spec, boolean dbl, PrintStream console) {
    Path cache = MnistFetcher.ensure(MnistFiles.cacheDir(), console);
    MnistData data = MnistData.read(cache);
    MnistData.Split split = MnistData.split(data.trainFileSize(),
        spec.integer("data.valid_size"), spec.integer("data.train_limit"), spec.seed());
    int k = Math.min(SMALL, split.train().length);
    DataSet d = data.trainRows(Arrays.copyOf(split.train(), k), dbl);
    return new TraceBatch(d, MnistData.PIXELS, MnistData.CLASSES, "the first " + k + " of the "
        + split.train().length + " MNIST training images (in the order of the seeded split)");
  }
}
