package lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;
import lab.data.DataVecBatches;
import lab.data.LabeledPoints;
import lab.data.NoisyXorData;
import lab.data.PointsCsv;
import lab.net.Engines;
import lab.net.NetworkFactory;
import lab.net.NetworkParameters;
import lab.results.Provenance;
import lab.spec.ExperimentSpec;
import lab.spec.SpecSchema;
import lab.train.Trainer;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * XOR as a cloud of points (Raschka et al. ch. 13): a linear model fails where a small MLP learns
 * the non-linear boundary, judged on held-out points. The data, generated or the user's, is
 * written as train.csv and valid.csv into the results and read back through DataVec.
 */
public final class NoisyXorExperiment implements Experiment {

  public static final String TRAIN_CSV = "train.csv";
  public static final String VALID_CSV = "valid.csv";
  /** Keys that shape generated data; they have no meaning for the user's own files. */
  static final List<String> GENERATOR_KEYS = List.of("data.n", "data.label_flip", "data.jitter");

  /** Runs one noisy-xor spec from an IDE: {@code NoisyXorExperiment spec.yaml [--set k=v]}. */
  public static void main(String[] args) {
    System.exit(ExperimentMain.run("noisy-xor", args));
  }

  @Override
  public Run train(ExperimentSpec spec, Path dir, PrintStream console) {
    Map<String, Object> dataInfo = writeData(spec, dir, console);
    DataType dtype = spec.isDouble() ? DataType.DOUBLE : DataType.FLOAT;
    // Train on the copies in the results folder, so the result holds exactly what was fitted.
    List<List<Writable>> train = PointsCsv.readRecords(dir.resolve(TRAIN_CSV));
    List<List<Writable>> valid = PointsCsv.readRecords(dir.resolve(VALID_CSV));
    DataSet trainSet = DataVecBatches.dataSet(train, dtype);
    DataSet validSet = DataVecBatches.dataSet(valid, dtype);

    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    Trainer.Outcome outcome = new Trainer(spec, console)
        .checkpoints(lab.train.Checkpoints.in(dir, spec)).train(net,
        new DataVecBatches(train, spec.batch(), spec.seed(), dtype),
        Trainer.sets("train", trainSet, "valid", validSet));

    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("data", dataInfo);
    NetworkParameters.putSummary(extras, net.numParams(), () -> NetworkParameters.of(net));
    return new Run(outcome, extras, dataSha256(dir), net, true);
  }

  /** Puts train.csv and valid.csv into {@code dir}; returns what summary.json says of them. */
  static Map<String, Object> writeData(ExperimentSpec spec, Path dir, PrintStream console) {
    String trainFile = spec.text("data.train");
    String validFile = spec.text("data.valid");
    Map<String, Object> info = new LinkedHashMap<>();
    if (trainFile.isEmpty() && validFile.isEmpty()) {
      int n = spec.integer("data.n");
      LabeledPoints all = NoisyXorData.generate(n, spec.seed(), spec.real("data.label_flip"),
          spec.real("data.jitter"));
      LabeledPoints train = all.slice(0, n / 2);
      LabeledPoints valid = all.slice(n / 2, n);
      PointsCsv.write(dir.resolve(TRAIN_CSV), train);
      PointsCsv.write(dir.resolve(VALID_CSV), valid);
      info.put("source", "generated");
      info.put("train_points", train.size());
      info.put("valid_points", valid.size());
      console.printf("data: %d points uniform in [-1,1]^2 (seed %d), first %d train, last %d "
          + "validate%n", n, spec.seed(), train.size(), valid.size());
      return info;
    }
    if (trainFile.isEmpty() || validFile.isEmpty()) {
      throw new UserError((trainFile.isEmpty() ? "data.valid" : "data.train") + " is given without "
          + (trainFile.isEmpty() ? "data.train" : "data.valid")
          + "; give both (CSV files of x0,x1,label rows) or neither (generated data)");
    }
    for (String key : GENERATOR_KEYS) {
      if (!spec.values().get(key).equals(SpecSchema.field(key).defaultValue())) {
        throw new UserError(key + ": shapes generated data only; remove it when data.train and "
            + "data.valid name your own files");
      }
    }
    info.put("source", "files");
    info.put("train_file", trainFile);
    info.put("valid_file", validFile);
    info.put("train_points", copyChecked(Path.of(trainFile), dir.resolve(TRAIN_CSV)));
    info.put("valid_points", copyChecked(Path.of(validFile), dir.resolve(VALID_CSV)));
    console.printf("data: %s points from %s, %s from %s%n", info.get("train_points"), trainFile,
        info.get("valid_points"), validFile);
    return info;
  }

  /** Checks the user's file (errors name it, not the copy) and copies it; returns its rows. */
  private static int copyChecked(Path from, Path to) {
    int rows = PointsCsv.readRecords(from).size();
    try {
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UserError(from + ": cannot be copied into the results: " + e.getMessage());
    }
    return rows;
  }

  private static String dataSha256(Path dir) {
    try {
      byte[] train = Files.readAllBytes(dir.resolve(TRAIN_CSV));
      byte[] valid = Files.readAllBytes(dir.resolve(VALID_CSV));
      byte[] both = new byte[train.length + valid.length];
      System.arraycopy(train, 0, both, 0, train.length);
      System.arraycopy(valid, 0, both, train.length, valid.length);
      return Provenance.sha256(both);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, DataSet> evaluationSets(ExperimentSpec spec, Path dir) {
    DataType dtype = spec.isDouble() ? DataType.DOUBLE : DataType.FLOAT;
    return Trainer.sets(
        "train", DataVecBatches.dataSet(PointsCsv.readRecords(dir.resolve(TRAIN_CSV)), dtype),
        "valid", DataVecBatches.dataSet(PointsCsv.readRecords(dir.resolve(VALID_CSV)), dtype));
  }

  @Override
  public List<String> evaluatedSets() {
    return List.of("train", "valid");
  }

  @Override
  public void drawCharts(Path dir) {
    NoisyXorCharts.draw(dir);
  }
}
