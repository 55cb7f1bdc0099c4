package lab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Batches gathered by index into reused arrays are the rows DataSet.get(indices) would give. */
class ShuffledBatchesTest {

  @Test
  void batchesAreTheShuffledRowsInOrderWithASmallerLastBatch() {
    int n = 10;
    float[][] x = new float[n][3];
    float[][] y = new float[n][2];
    for (int r = 0; r < n; r++) {
      x[r] = new float[] {r, 10 * r, -r};
      y[r][r % 2] = 1;
    }
    DataSet data = new DataSet(Nd4j.create(x), Nd4j.create(y));
    ShuffledBatches batches = new ShuffledBatches(data, 4, 7, RowCopy.ND4J);
    for (int epoch = 1; epoch <= 3; epoch++) {
      int[] order = ShuffledBatches.permutation(n, new SplittableRandom(7 * 1_000_003L + epoch));
      List<Integer> sizes = new ArrayList<>();
      int[] start = {0};
      batches.forEachBatch(epoch, b -> {
        int rows = b.numExamples();
        sizes.add(rows);
        DataSet expected = (DataSet) data.get(Arrays.copyOfRange(order, start[0],
            start[0] + rows));
        assertArrayEquals(expected.getFeatures().toFloatMatrix(), b.getFeatures().toFloatMatrix());
        assertArrayEquals(expected.getLabels().toFloatMatrix(), b.getLabels().toFloatMatrix());
        assertEquals(DataType.FLOAT, b.getFeatures().dataType());
        start[0] += rows;
      });
      assertEquals(List.of(4, 4, 2), sizes, "epoch " + epoch);
    }
  }
}
