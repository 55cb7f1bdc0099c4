package lab.train;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Minibatches of an in-memory data set, in an order reshuffled every epoch from the seed alone:
 * epoch e always sees the same order for the same seed, whatever ran before.
 */
public final class ShuffledBatches implements BatchSource {
  private final DataSet data;
  private final int batch;
  private final long seed;

  public ShuffledBatches(DataSet data, int batch, long seed) {
    this.data = data;
    this.batch = batch;
    this.seed = seed;
  }

  @Override
  public void forEachBatch(int epoch, Consumer<DataSet> fit) {
    int n = data.numExamples();
    int[] order = order(n, seed, epoch);
    for (int start = 0; start < n; start += batch) {
      int end = Math.min(n, start + batch);
      int[] idx = java.util.Arrays.copyOfRange(order, start, end);
      fit.accept((DataSet) data.get(idx));
    }
  }

  /** The order in which epoch {@code epoch} visits the rows 0..n-1, for this seed. */
  public static int[] order(int n, long seed, int epoch) {
    return permutation(n, new SplittableRandom(seed * 1_000_003L + epoch));
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
