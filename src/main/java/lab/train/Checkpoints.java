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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import lab.net.ModelZip;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.results.Provenance;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run's checkpoints in its in-progress folder: after every {@link #every} epochs, the network
 * with its updater state and iteration count ({@code checkpoint-eN.zip}), the metrics rows so far
 * ({@code checkpoint-eN-metrics.csv}), early stopping's best state when the spec restores it
 * ({@code checkpoint-eN-best.bin}, see {@link NetworkState}) and, written last and renamed into
 * place, {@code checkpoint.json}: the epoch, those files, the best epoch, the spec's hash and the
 * state of ND4J's random generator (dropout masks). Early stopping's other state (the reference
 * and best values and epochs) is a function of the metrics rows and is rebuilt from them. The
 * shuffle order needs nothing: it is a function of the seed and the epoch (ShuffledBatches,
 * DataVecBatches), and input noise of the seed and the iteration.
 * So a run resumed from a checkpoint continues with the same bits as one never interrupted.
 * The files are written by a thread of their own while the next epoch trains (see {@link #save}).
 * Training never waits for them: a checkpoint due while the one before is still being written is
 * left out (the next one due is taken), and a run that ends gives up the one being written.
 */
public final class Checkpoints {
  /** Written last; its presence keeps an interrupted run's folder (ResultsFolder.RESUMABLE). */
  public static final String JSON = lab.results.ResultsFolder.RESUMABLE;
  /** Written when a run resumed: from which epoch (for summary.json). */
  public static final String RESUMED = "checkpoint-resumed.json";
  /** How many checkpoints a run of another experiment than MNIST writes at most. */
  static final int PER_RUN = 20;

  private final Path dir;
  private final int every;
  private final String specSha256;
  /** The network a checkpoint is serialized from, made from the trained one on the first save. */
  private MultiLayerNetwork copy;
  /** The thread that writes checkpoints (see {@link #save}), started on the first save. */
  private ExecutorService writer;
  /** The checkpoint being written, or null. */
  private Future<?> writing;
  /** Each save waits for the one before instead of being left out (see {@link #waitingForEach}). */
  private boolean waitForEach;
  /** Set when the run ended: the checkpoint being written is given up (see {@link #abandon}). */
  private volatile boolean abandoned;
  /** For tests: run by the writer thread before it writes a checkpoint's files. */
  static volatile Runnable beforeWrite;

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
    Checkpoints c = new Checkpoints(dir, every, specSha256(spec));
    // -Dlab.checkpoint.wait=true: every checkpoint due is written, training waiting for it.
    if (Boolean.getBoolean("lab.checkpoint.wait")) c.waitingForEach();
    return c;
  }

  public static String specSha256(ExperimentSpec spec) {
    return Provenance.sha256(spec.canonicalText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Every checkpoint due is taken, each save waiting for the one before (training waits for the
   * disk), as -Dlab.checkpoint.wait=true asks of a whole process: for a user who wants every one,
   * and for tests whose checkpoints' epochs must not depend on the disk's speed.
   */
  public Checkpoints waitingForEach() {
    waitForEach = true;
    return this;
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

  /**
   * As {@link #epochIn}, for a run asked to resume (./lab run --resume): a checkpoint of another
   * spec is none (-1), but one of this spec that cannot be resumed from (unreadable JSON, an
   * epoch outside 1..epochs, a missing file, a damaged model zip) is refused in one line naming
   * the file, before anything is moved or trained.
   */
  public static int checkedEpochIn(Path dir, ExperimentSpec spec) {
    Path file = dir.resolve(JSON);
    if (!Files.isRegularFile(file)) return -1;
    Map<String, Object> m;
    try {
      m = Json.read(file);
    } catch (lab.core.UserError e) {
      throw damaged(dir, e.getMessage());
    }
    Object sha = m.get("spec_sha256");
    if (!(sha instanceof String)) throw damaged(dir, file + ": spec_sha256: missing");
    if (!specSha256(spec).equals(sha)) return -1; // another spec's checkpoint: not this run's
    Object epoch = m.get("epoch");
    if (!(epoch instanceof Integer e) || e < 1 || e > spec.epochs()) {
      throw damaged(dir, file + ": epoch: " + epoch + " is not allowed; allowed: a whole number"
          + " from 1 to " + spec.epochs() + " (the spec's epochs)");
    }
    for (String key : List.of("nd4j_random_root_state", "nd4j_random_node_state")) {
      if (!(m.get(key) instanceof Number)) {
        throw damaged(dir, file + ": " + key + ": " + m.get(key) + " is not a whole number");
      }
    }
    for (String key : new String[] {"model", "metrics", "best_state"}) {
      Object name = m.get(key);
      if (name == null && key.equals("best_state")) continue;
      if (!(name instanceof String n) || !n.startsWith("checkpoint-e") || n.contains("/")
          || !Files.isRegularFile(dir.resolve(n))) {
        throw damaged(dir, file + ": " + key + ": " + name + " names no file of the checkpoint");
      }
    }
    Path model = dir.resolve((String) m.get("model"));
    try {
      readWholeZip(model);
    } catch (IOException | RuntimeException bad) {
      throw damaged(dir, model + ": not a readable model zip (" + bad.getMessage() + ")");
    }
    Path rowsFile = dir.resolve((String) m.get("metrics"));
    MetricsTable rows;
    try {
      rows = MetricsTable.read(rowsFile);
    } catch (lab.core.UserError bad) {
      throw damaged(dir, bad.getMessage());
    }
    // The rows a run has after epoch e (< epochs): epoch 0, then those Trainer records.
    List<Integer> expected = new java.util.ArrayList<>(List.of(0));
    for (int k = 1; k <= e; k++) {
      if (Trainer.recordsRow(spec, k)) expected.add(k);
    }
    List<Integer> got = java.util.Arrays.stream(rows.column("epoch")).mapToInt(v -> (int) v)
        .boxed().toList();
    if (!got.equals(expected)) {
      throw damaged(dir, rowsFile + ": rows of " + epochs(got) + " where a checkpoint after"
          + " epoch " + e + " has rows of " + epochs(expected));
    }
    return e;
  }

  /** A list of epochs as a message shows it: how many, first and last. */
  private static String epochs(List<Integer> list) {
    if (list.isEmpty()) return "no epoch";
    return list.size() + (list.size() == 1 ? " epoch (" : " epochs (") + list.get(0)
        + (list.size() > 1 ? " to " + list.get(list.size() - 1) : "") + ")";
  }

  /** Reads every entry of a zip to its end, so that a truncated or altered one fails its CRC. */
  private static void readWholeZip(Path zip) throws IOException {
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      var entries = z.entries();
      boolean coefficients = false;
      while (entries.hasMoreElements()) {
        var entry = entries.nextElement();
        coefficients |= entry.getName().equals("coefficients.bin");
        try (var in = z.getInputStream(entry)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      if (!coefficients) throw new IOException("no coefficients.bin");
    }
  }

  private static Damaged damaged(Path dir, String what) {
    return new Damaged(what, what + "; this checkpoint cannot be resumed from: start over"
        + " without --resume, or remove " + dir + " to resume from another");
  }

  /** A checkpoint of the spec that cannot be resumed from; {@link #what} says why. */
  public static final class Damaged extends lab.core.UserError {
    private final String what;

    Damaged(String what, String message) {
      super(message);
      this.what = what;
    }

    /** What is wrong, naming the file, without the advice for ./lab run --resume. */
    public String what() {
      return what;
    }
  }

  /**
   * Takes the checkpoint after {@code epoch}. {@code best}: early stopping's best state so far
   * (restore_best), of epoch {@code bestEpoch}, or null.
   *
   * <p>What the checkpoint holds is taken now, on the training thread: the network's parameters,
   * updater state and counts are copied into a second network made from the first one's
   * configuration, the metrics rows are written to a temporary file and the random generator's
   * state is read. The files are then serialized, flushed to disk and renamed into place by a
   * thread of their own while the next epoch trains ({@link #finishWriting} waits for them).
   * At most one is in flight: while the one before is still being written (a large network's
   * zip takes seconds), this one is not taken and false is returned, so that training never
   * waits for the disk; a resumed run continues with the same bits from whichever checkpoint is
   * there. The files are those a save on the training thread would write, in the same order,
   * checkpoint.json last. A failure to write the one before is thrown here.
   */
  boolean save(MultiLayerNetwork net, int epoch, MetricsTable metrics, NetworkState best,
      int bestEpoch) {
    if (abandoned || (!waitForEach && writing != null && !writing.isDone())) return false;
    finishWriting();
    if (copy == null) {
      copy = net.clone();
    }
    copyState(net, copy);
    String rows = "checkpoint-e" + epoch + "-metrics.csv";
    Path tmpRows = dir.resolve(rows + ".tmp");
    metrics.write(tmpRows);
    Random rng = Nd4j.getRandom();
    long root = rng.rootState();
    long node = rng.nodeState();
    if (writer == null) {
      writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lab-checkpoint-writer");
        t.setDaemon(true);
        return t;
      });
    }
    MultiLayerNetwork taken = copy;
    writing = writer.submit(() -> write(taken, epoch, rows, best, bestEpoch, root, node));
    return true;
  }

  /** Copies what training changes (what {@link NetworkState} keeps) from one network to another. */
  private static void copyState(MultiLayerNetwork from, MultiLayerNetwork to) {
    to.params().assign(from.params());
    INDArray state = from.getUpdater() == null ? null : from.getUpdater().getStateViewArray();
    if (state != null) to.getUpdater(true).getStateViewArray().assign(state);
    to.setIterationCount(from.getIterationCount());
    to.setEpochCount(from.getEpochCount());
  }

  /** Writes the files of the checkpoint taken by {@link #save} (on the writer thread). */
  private void write(MultiLayerNetwork net, int epoch, String rows, NetworkState best,
      int bestEpoch, long rngRoot, long rngNode) {
    String model = "checkpoint-e" + epoch + ".zip";
    String bestFile = best == null ? null : "checkpoint-e" + epoch + "-best.bin";
    Path tmpRows = dir.resolve(rows + ".tmp");
    try {
      Runnable hook = beforeWrite;
      if (hook != null) hook.run();
      ModelZip.writeCheckpoint(net, dir.resolve(model), () -> abandoned);
      if (abandoned) throw new java.util.concurrent.CancellationException();
    } catch (RuntimeException e) { // given up (CancellationException) or failed
      try {
        delete(tmpRows);
        delete(dir.resolve(model));
      } catch (UncheckedIOException f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    // The run's folder is flushed to disk only when it is complete (see AtomicFiles): a
    // checkpoint, which must survive what stops the run, is flushed now.
    force(dir.resolve(model));
    force(tmpRows);
    move(tmpRows, dir.resolve(rows));
    if (best != null) {
      Path tmpBest = dir.resolve(bestFile + ".tmp");
      best.write(tmpBest);
      force(tmpBest);
      move(tmpBest, dir.resolve(bestFile));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("model", model);
    m.put("metrics", rows);
    m.put("spec_sha256", specSha256);
    if (best != null) {
      m.put("best_state", bestFile);
      m.put("best_epoch", bestEpoch);
    }
    m.put("nd4j_random_root_state", rngRoot);
    m.put("nd4j_random_node_state", rngNode);
    Path tmp = dir.resolve(JSON + ".tmp");
    Json.write(tmp, m);
    force(tmp);
    move(tmp, dir.resolve(JSON));
    deleteOlder(model, rows, bestFile);
  }

  /**
   * Waits until the checkpoint being written, if any, is on disk; a failure to write it is
   * thrown here, on the training thread.
   */
  void finishWriting() {
    Future<?> w = writing;
    if (w == null) return;
    writing = null;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          w.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the files are being written: they are finished first
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * The run ended with its last epoch: the checkpoint being written, which the complete run
   * would delete at once, is given up instead of waited for (its files are deleted; the one
   * before it stays until the run's folder is complete). No checkpoint is taken after this. A
   * failure to write an earlier one is still thrown.
   */
  void abandon() {
    abandoned = true;
    try {
      close();
    } catch (java.util.concurrent.CancellationException given) {
      // what was asked
    }
  }

  /** Whether {@link #abandon} was called. */
  boolean abandoned() {
    return abandoned;
  }

  /** Waits for the last checkpoint (see {@link #finishWriting}) and ends the writer thread. */
  void close() {
    try {
      finishWriting();
    } finally {
      if (writer != null) writer.shutdown();
      writer = null;
    }
  }

  /**
   * What a resumed run starts from: the epoch, the metrics rows and, for early stopping with
   * restore_best, the best state so far and its epoch (else null and -1).
   */
  record State(int epoch, MetricsTable metrics, NetworkState best, int bestEpoch) {}

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
    NetworkState best = m.get("best_state") == null ? null
        : NetworkState.read(dir.resolve((String) m.get("best_state")));
    int bestEpoch = m.get("best_epoch") instanceof Number b ? b.intValue() : -1;
    return new State(epoch, MetricsTable.read(dir.resolve((String) m.get("metrics"))), best,
        bestEpoch);
  }

  /** The epoch a run in {@code dir} was resumed from, or null when it was not resumed. */
  public static Integer resumedFrom(Path dir) {
    if (!Files.isRegularFile(dir.resolve(RESUMED))) return null;
    return ((Number) Json.read(dir.resolve(RESUMED)).get("resumed_from_epoch")).intValue();
  }

  /**
   * Deletes every checkpoint file of {@code dir}: the run is complete, its other files written.
   * checkpoint.json goes first, so that a process stopped meanwhile leaves no checkpoint that
   * names a deleted file.
   */
  public static void removeAll(Path dir) {
    delete(dir.resolve(JSON));
    for (Path f : list(dir)) {
      if (f.getFileName().toString().startsWith("checkpoint")) delete(f);
    }
  }

  private void deleteOlder(String model, String rows, String best) {
    for (Path f : list(dir)) {
      String n = f.getFileName().toString();
      if (n.startsWith("checkpoint-e") && !n.equals(model) && !n.equals(rows)
          && !n.equals(best)) {
        delete(f);
      }
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

  private static void force(Path file) {
    try {
      lab.results.AtomicFiles.force(file);
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
