package lab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class NoisyXorBatchesTest {

  @TempDir Path tmp;

  /** The x0 values of an epoch's batches, in the order fitted; x0 identifies a point. */
  private static List<Float> epochOrder(DataVecBatches batches, int epoch, List<Integer> sizes) {
    List<Float> order = new ArrayList<>();
    batches.forEachBatch(epoch, (DataSet d) -> {
      sizes.add(d.numExamples());
      for (int i = 0; i < d.numExamples(); i++) order.add(d.getFeatures().getFloat(i, 0));
    });
    return order;
  }

  @Test
  void eachEpochIsAReshuffleFixedBySeedAndEpoch() {
    Path file = tmp.resolve("train.csv");
    PointsCsv.write(file, NoisyXorData.generate(21, 2, 0, 0));
    List<List<Writable>> records = PointsCsv.readRecords(file);
    DataVecBatches batches = new DataVecBatches(records, 4, 9, DataType.FLOAT);

    List<Integer> sizes = new ArrayList<>();
    List<Float> epoch3 = epochOrder(batches, 3, sizes);
    assertEquals(List.of(4, 4, 4, 4, 4, 1), sizes);
    List<Float> inFileOrder = new ArrayList<>();
    for (List<Writable> r : records) inFileOrder.add(r.get(0).toFloat());
    List<Float> sorted = new ArrayList<>(epoch3);
    sorted.sort(null);
    List<Float> expected = new ArrayList<>(inFileOrder);
    expected.sort(null);
    assertEquals(expected, sorted, "every point exactly once");
    assertNotEquals(inFileOrder, epoch3, "shuffled");

    // A fresh source, epochs visited out of order: epoch 3 is the same.
    DataVecBatches again = new DataVecBatches(records, 4, 9, DataType.FLOAT);
    epochOrder(again, 7, new ArrayList<>());
    assertEquals(epoch3, epochOrder(again, 3, new ArrayList<>()));
    assertNotEquals(epoch3, epochOrder(again, 4, new ArrayList<>()));
    assertNotEquals(epoch3,
        epochOrder(new DataVecBatches(records, 4, 10, DataType.FLOAT), 3, new ArrayList<>()));
  }

  @Test
  void batchZeroIsTheWholeSetInOneBatchOfTheNetworksType() {
    Path file = tmp.resolve("train.csv");
    PointsCsv.write(file, NoisyXorData.generate(10, 2, 0, 0));
    List<DataSet> batches = new ArrayList<>();
    new DataVecBatches(PointsCsv.readRecords(file), 0, 1, DataType.DOUBLE)
        .forEachBatch(1, batches::add);
    assertEquals(1, batches.size());
    assertEquals(10, batches.get(0).numExamples());
    assertEquals(DataType.DOUBLE, batches.get(0).getFeatures().dataType());
    assertEquals(DataType.DOUBLE, batches.get(0).getLabels().dataType());
  }
}
