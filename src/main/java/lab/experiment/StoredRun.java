package lab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;
import lab.data.DataVecBatches;
import lab.data.PointsCsv;
import lab.net.ModelZip;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** A complete result folder read back: its resolved spec, its experiment and its saved model. */
public record StoredRun(Path dir, ExperimentSpec spec, Experiment experiment) {

  /** results/NAME, checked to be a complete result. */
  public static StoredRun open(Path root, String name) {
    Path dir = root.resolve(name);
    if (!ExperimentRunner.isResultFolder(dir)) {
      throw new UserError(dir + ": no result there (no summary.json); run ./lab run " + name);
    }
    ExperimentSpec spec = SpecLoader.load(dir.resolve("spec.yaml"), List.of());
    return new StoredRun(dir, spec, Experiments.forKind(spec.experiment()));
  }

  /** The saved network, restored with DL4J's ModelSerializer. */
  public MultiLayerNetwork model() {
    Path file = dir.resolve(ModelZip.FILE);
    if (!Files.isRegularFile(file)) {
      Map<String, Object> summary = lab.results.Json.read(dir.resolve("summary.json"));
      if (Boolean.TRUE.equals(summary.get("diverged"))) {
        throw new UserError(file + ": no saved model: the run diverged (its loss became "
            + "NaN or infinite at epoch " + summary.get("diverged_epoch") + "); train it again"
            + " with another learning rate or seed");
      }
      throw new UserError(file + ": no saved model (runs of the scratch engine and runs made"
          + " before models were saved have none); run the experiment again with engine dl4j");
    }
    MultiLayerNetwork net = ModelZip.read(file);
    List<Long> widths = new java.util.ArrayList<>();
    for (int i = 0; i < net.getnLayers(); i++) {
      widths.add(net.getLayerWiseConfigurations().getConf(i).getLayer()
          instanceof FeedForwardLayer f ? f.getNOut() : -1L);
    }
    List<Integer> hidden = spec.hidden();
    boolean fits = widths.size() == hidden.size() + 1;
    for (int i = 0; fits && i < hidden.size(); i++) fits = widths.get(i) == (long) hidden.get(i);
    if (!fits) {
      throw new UserError(file + ": a network of layer widths " + inputs(net) + "-"
          + widths.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("-"))
          + " does not fit its spec.yaml (model.hidden " + hidden + "); the model is not this"
          + " run's: train the run again");
    }
    return net;
  }

  /** The number of inputs {@code net} takes (its first layer's nIn), or -1 when not known. */
  public static long inputs(MultiLayerNetwork net) {
    return net.getnLayers() > 0 && net.getLayerWiseConfigurations().getConf(0).getLayer()
        instanceof FeedForwardLayer f ? f.getNIn() : -1L;
  }

  /** Refuses data of {@code columns} columns for a model of another input width. */
  public void checkColumns(MultiLayerNetwork net, long columns, String what) {
    long n = inputs(net);
    if (n >= 0 && n != columns) {
      throw new UserError(what + ": " + columns + " values per example, but "
          + dir.resolve(ModelZip.FILE) + " takes " + n + "; allowed: data of " + n + " columns");
    }
  }

  /**
   * The sets named by {@code data}: null for every set the experiment has, a set name (train,
   * valid, test), or a CSV file of x0,x1,label rows (XOR and noisy XOR).
   */
  public Map<String, DataSet> sets(String data) {
    Map<String, DataSet> all = experiment.evaluationSets(spec, dir);
    if (all.isEmpty()) {
      throw new UserError(dir + ": a " + spec.experiment() + " run has no classes to evaluate");
    }
    if (data == null) return all;
    if (all.containsKey(data)) return Map.of(data, all.get(data));
    if (List.of("train", "valid", "test").contains(data)) {
      throw new UserError("--data " + data + ": a " + spec.experiment() + " run has no " + data
          + " set; allowed: " + String.join(", ", all.keySet()) + " or a file");
    }
    if (!spec.experiment().equals("xor") && !spec.experiment().equals("noisy-xor")) {
      throw new UserError("--data " + data + ": not a set of this " + spec.experiment()
          + " run; allowed: " + String.join(", ", all.keySet()));
    }
    Path file = Path.of(data);
    DataType dtype = spec.isDouble() ? DataType.DOUBLE : DataType.FLOAT;
    Map<String, DataSet> one = new LinkedHashMap<>();
    one.put(file.getFileName().toString(),
        DataVecBatches.dataSet(PointsCsv.readRecords(file), dtype));
    return one;
  }
}
