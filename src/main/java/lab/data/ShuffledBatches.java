package lab.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of an in-memory data set, in an order reshuffled every epoch from the seed alone:
 * epoch e always sees the same order for the same seed, whatever ran before.
 *
 * <p>The data stays where it is; each batch's rows are gathered by index (with the engine's
 * {@link RowCopy}) into arrays allocated once and refilled for every batch (DL4J's DataSet.get(int[])
 * instead made one small data set per row and merged them, half of an MNIST epoch). So the
 * DataSet handed to {@code fit} is only valid during that call.
 */
public final class ShuffledBatches implements BatchSource {
  private final DataSet data;
  private final int batch;
  private final long seed;
  private final RowCopy rows;
  /** Batch arrays by row count: the batch size and, when it does not divide n, the last one's. */
  private final Map<Integer, DataSet> buffers = new HashMap<>();

  public ShuffledBatches(DataSet data, int batch, long seed, RowCopy rows) {
    this.data = data;
    this.batch = batch;
    this.seed = seed;
    this.rows = rows;
  }

  @Override
  public void forEachBatch(int epoch, Consumer<DataSet> fit) {
    int n = data.numExamples();
    int[] order = order(n, seed, epoch);
    for (int start = 0; start < n; start += batch) {
      int[] idx = Arrays.copyOfRange(order, start, Math.min(n, start + batch));
      DataSet b = buffers.computeIfAbsent(idx.length, this::emptyBatch);
      rows.copy(data.getFeatures(), b.getFeatures(), idx);
      rows.copy(data.getLabels(), b.getLabels(), idx);
      fit.accept(b);
    }
  }

  /** The order in which epoch {@code epoch} visits the rows 0..n-1, for this seed. */
  public static int[] order(int n, long seed, int epoch) {
    return permutation(n, new SplittableRandom(seed * 1_000_003L + epoch));
  }

  private DataSet emptyBatch(int rows) {
    return new DataSet(
        Nd4j.createUninitialized(data.getFeatures().dataType(), rows, data.getFeatures().size(1)),
        Nd4j.createUninitialized(data.getLabels().dataType(), rows, data.getLabels().size(1)));
  }

  /** Fisher-Yates shuffle of 0..n-1. */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
