package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The bulk row copy against ND4J's pullRows, for float and double, plain arrays and views. */
class RowGatherTest {
  private static final int[] ROWS = {7, 0, 3, 3, 9, 1};

  private static void assertSameAsPullRows(INDArray source, INDArray target) {
    INDArray expected = target.dup();
    Nd4j.pullRows(source, expected, 1, ROWS);
    target.assign(-1);
    RowGather.gather(source, target, ROWS);
    assertEquals(expected, target);
    for (int r = 0; r < ROWS.length; r++) {
      assertEquals(source.getRow(ROWS[r]), target.getRow(r), "row " + r);
    }
  }

  @Test
  void plainRowMajorMatricesCopyTheChosenRows() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray source = Nd4j.rand(type, 10, 13);
      assertTrue(RowGather.copiesBytes(source, Nd4j.createUninitialized(type, 6, 13), 6));
      assertSameAsPullRows(source, Nd4j.createUninitialized(type, ROWS.length, 13));
    }
  }

  @Test
  void viewsAndColumnMajorArraysGoThroughPullRows() {
    INDArray wide = Nd4j.rand(DataType.FLOAT, 10, 20);
    INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 17));
    assertFalse(RowGather.copiesBytes(view, Nd4j.createUninitialized(DataType.FLOAT, 6, 13), 6));
    assertSameAsPullRows(view, Nd4j.createUninitialized(DataType.FLOAT, ROWS.length, 13));
    INDArray fOrder = Nd4j.rand(DataType.FLOAT, 10, 13).dup('f');
    assertSameAsPullRows(fOrder, Nd4j.createUninitialized(DataType.FLOAT, ROWS.length, 13));
  }
}
