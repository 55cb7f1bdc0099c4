package lab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.datavec.api.records.reader.impl.collection.CollectionRecordReader;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Minibatches made by DataVec's {@link RecordReaderDataSetIterator} from {@code [x0, x1, label]}
 * records (as {@link PointsCsv} reads them), in an order reshuffled every epoch from the seed and
 * the epoch alone, so a run is the same whatever ran before it.
 */
public final class DataVecBatches implements BatchSource {

  /** Column of the label in each record; the columns before it are the features. */
  static final int LABEL_COLUMN = 2;

  private final List<List<Writable>> records;
  private final int batch;
  private final long seed;
  private final DataType dtype;

  /** {@code batch} 0 (or more than there are records) is one batch of all records. */
  public DataVecBatches(List<List<Writable>> records, int batch, long seed, DataType dtype) {
    this.records = List.copyOf(records);
    this.batch = batch <= 0 ? records.size() : Math.min(batch, records.size());
    this.seed = seed;
    this.dtype = dtype;
  }

  @Override
  public void forEachBatch(int epoch, Consumer<DataSet> fit) {
    int[] order = ShuffledBatches.permutation(records.size(), epochRandom(seed, epoch));
    List<List<Writable>> shuffled = new ArrayList<>(records.size());
    for (int i : order) shuffled.add(records.get(i));
    RecordReaderDataSetIterator it = iterator(shuffled, batch);
    while (it.hasNext()) fit.accept(cast(it.next(), dtype));
  }

  /** All records as one data set, in their order: what the metrics are measured on. */
  public static DataSet dataSet(List<List<Writable>> records, DataType dtype) {
    return cast(iterator(records, records.size()).next(), dtype);
  }

  /** Epoch e's shuffle depends only on the seed and e. */
  static SplittableRandom epochRandom(long seed, int epoch) {
    return new SplittableRandom(seed * 1_000_003L + epoch);
  }

  private static RecordReaderDataSetIterator iterator(List<List<Writable>> records, int batch) {
    // The label is one 0/1 number for a single sigmoid output: DataVec's "regression" layout.
    return new RecordReaderDataSetIterator.Builder(new CollectionRecordReader(records), batch)
        .regression(LABEL_COLUMN)
        .build();
  }

  private static DataSet cast(DataSet d, DataType dtype) {
    if (d.getFeatures().dataType() == dtype && d.getLabels().dataType() == dtype) return d;
    return new DataSet(d.getFeatures().castTo(dtype), d.getLabels().castTo(dtype));
  }
}
