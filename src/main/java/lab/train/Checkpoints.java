package lab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lab.net.ModelZip;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.results.Provenance;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run's checkpoints in its in-progress folder: after every {@link #every} epochs, the network
 * with its updater state and iteration count ({@code checkpoint-eN.zip}), the metrics rows so far
 * ({@code checkpoint-eN-metrics.csv}) and, written last and renamed into place,
 * {@code checkpoint.json}: the epoch, those two files, the spec's hash and the state of ND4J's
 * random generator (dropout masks). The shuffle order needs nothing: it is a function of the seed
 * and the epoch (ShuffledBatches, DataVecBatches), and input noise of the seed and the iteration.
 * So a run resumed from a checkpoint continues with the same bits as one never interrupted.
 */
public final class Checkpoints {
  public static final String JSON = "checkpoint.json";
  /** Written when a run resumed: from which epoch (for summary.json). */
  public static final String RESUMED = "checkpoint-resumed.json";
  /** How many checkpoints a run of another experiment than MNIST writes at most. */
  static final int PER_RUN = 20;

  private final Path dir;
  private final int every;
  private final String specSha256;

  private Checkpoints(Path dir, int every, String specSha256) {
    this.dir = dir;
    this.every = every;
    this.specSha256 = specSha256;
  }

  /**
   * Checkpoints of {@code spec}'s run in {@code dir}: after every epoch for MNIST, else every
   * epochs/20 epochs (at least 1).
   */
  public static Checkpoints in(Path dir, ExperimentSpec spec) {
    int every = spec.experiment().equals("mnist") ? 1 : Math.max(1, spec.epochs() / PER_RUN);
    return new Checkpoints(dir, every, specSha256(spec));
  }

  public static String specSha256(ExperimentSpec spec) {
    return Provenance.sha256(spec.canonicalText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public int every() {
    return every;
  }

  /** The epoch of the checkpoint in {@code dir} for this spec, or -1 when there is none. */
  public static int epochIn(Path dir, ExperimentSpec spec) {
    Path file = dir.resolve(JSON);
    if (!Files.isRegularFile(file)) return -1;
    try {
      Map<String, Object> m = Json.read(file);
      if (!specSha256(spec).equals(m.get("spec_sha256"))) return -1;
      return ((Number) m.get("epoch")).intValue();
    } catch (RuntimeException e) {
      return -1; // an unreadable checkpoint is not one to resume from
    }
  }

  void save(MultiLayerNetwork net, int epoch, MetricsTable metrics) {
    String model = "checkpoint-e" + epoch + ".zip";
    String rows = "checkpoint-e" + epoch + "-metrics.csv";
    ModelZip.write(net, dir.resolve(model), true);
    Path tmpRows = dir.resolve(rows + ".tmp");
    metrics.write(tmpRows);
    move(tmpRows, dir.resolve(rows));
    Random rng = Nd4j.getRandom();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("model", model);
    m.put("metrics", rows);
    m.put("spec_sha256", specSha256);
    m.put("nd4j_random_root_state", rng.rootState());
    m.put("nd4j_random_node_state", rng.nodeState());
    Path tmp = dir.resolve(JSON + ".tmp");
    Json.write(tmp, m);
    move(tmp, dir.resolve(JSON));
    deleteOlder(model, rows);
  }

  /** What a resumed run starts from. */
  record State(int epoch, MetricsTable metrics) {}

  /**
   * When {@code dir} holds a checkpoint of this spec, loads it into {@code net} (parameters,
   * updater state, iteration and epoch counts) and ND4J's random generator, and returns the epoch
   * and the metrics rows; else null.
   */
  State restore(MultiLayerNetwork net) {
    Path file = dir.resolve(JSON);
    if (!Files.isRegularFile(file)) return null;
    Map<String, Object> m = Json.read(file);
    if (!specSha256.equals(m.get("spec_sha256"))) return null;
    MultiLayerNetwork saved;
    try {
      saved = ModelSerializer.restoreMultiLayerNetwork(
          dir.resolve((String) m.get("model")).toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    net.setParams(saved.params());
    if (saved.getUpdater() != null && saved.getUpdater().getStateViewArray() != null) {
      net.getUpdater(true).getStateViewArray().assign(saved.getUpdater().getStateViewArray());
    }
    net.setIterationCount(saved.getIterationCount());
    net.setEpochCount(saved.getEpochCount());
    Nd4j.getRandom().setStates(((Number) m.get("nd4j_random_root_state")).longValue(),
        ((Number) m.get("nd4j_random_node_state")).longValue());
    int epoch = ((Number) m.get("epoch")).intValue();
    Json.write(dir.resolve(RESUMED), Map.of("resumed_from_epoch", epoch));
    return new State(epoch, MetricsTable.read(dir.resolve((String) m.get("metrics"))));
  }

  /** Deletes every checkpoint file of {@code dir} (the run is complete). */
  public static Integer removeAll(Path dir) {
    Integer resumedFrom = null;
    if (Files.isRegularFile(dir.resolve(RESUMED))) {
      resumedFrom = ((Number) Json.read(dir.resolve(RESUMED)).get("resumed_from_epoch"))
          .intValue();
    }
    for (Path f : list(dir)) {
      if (f.getFileName().toString().startsWith("checkpoint")) delete(f);
    }
    return resumedFrom;
  }

  private void deleteOlder(String model, String rows) {
    for (Path f : list(dir)) {
      String n = f.getFileName().toString();
      if (n.startsWith("checkpoint-e") && !n.equals(model) && !n.equals(rows)) delete(f);
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
