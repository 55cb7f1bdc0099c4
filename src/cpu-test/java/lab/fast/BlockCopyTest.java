package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * BlockCopy gives what ND4J's view of the block gives, element for element: blocks of matrices
 * in both storage orders and of both float types, vectors inside a longer parameter row (as a
 * stacked network's are), and refuses blocks that do not fit.
 */
class BlockCopyTest {

  /** 1, 2, 3, ... by rows, stored in the given order. */
  private static INDArray numbered(DataType type, int rows, int cols, char order) {
    double[] values = new double[rows * cols];
    for (int i = 0; i < values.length; i++) values[i] = i + 1;
    return Nd4j.create(values, new long[] {rows, cols}, 'c').castTo(type).dup(order);
  }

  @Test
  void matrixBlocksAreTheViewsElements() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (char from : new char[] {'f', 'c'}) {
        for (char to : new char[] {'f', 'c'}) {
          INDArray source = numbered(type, 40, 60, from);
          INDArray target = Nd4j.create(type, new long[] {4, 6}, to);
          assertTrue(BlockCopy.copy(source, 8, 30, target));
          INDArray view = source.get(NDArrayIndex.interval(8, 12), NDArrayIndex.interval(30, 36));
          assertArrayEquals(view.dup('c').data().asDouble(), target.dup('c').data().asDouble());
        }
      }
    }
  }

  @Test
  void vectorsInsideAParameterRow() {
    INDArray flat = numbered(DataType.FLOAT, 1, 100, 'c');
    INDArray stacked = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(20, 60));
    INDArray own = Nd4j.create(DataType.FLOAT, 10, 10)
        .get(NDArrayIndex.point(3), NDArrayIndex.all());
    assertTrue(BlockCopy.copy(stacked, 0, 10, own));
    for (int i = 0; i < 10; i++) assertEquals(31f + i, own.getFloat(i));
  }

  @Test
  void blocksThatDoNotFitAreRefused() {
    INDArray source = numbered(DataType.FLOAT, 4, 4, 'f');
    INDArray target = Nd4j.create(DataType.FLOAT, 2, 2).assign(-1);
    assertFalse(BlockCopy.copy(source, 3, 0, target));
    assertFalse(BlockCopy.copy(source, 0, 3, target));
    assertFalse(BlockCopy.copy(source, 0, 0, Nd4j.create(DataType.DOUBLE, 2, 2)));
    assertEquals(-1f, target.getFloat(0, 0));
  }
}
