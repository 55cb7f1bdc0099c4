package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ShortLoops against the ND4J ops they stand for, bit for bit: numbers of widely spread
 * magnitudes and both signs (so that another order of summation would round otherwise), both
 * storage orders, vectors that are views inside a larger array (as a layer's bias and its
 * gradient are), and -0.0; arrays it must not take are left to ND4J.
 */
class ShortLoopsTest {
  private static final Random RANDOM = new Random(11);

  private static INDArray spread(long rows, long cols, char order) {
    INDArray x = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, order);
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < cols; c++) {
        x.putScalar(r, c, (float) (RANDOM.nextGaussian() * Math.exp(3 * RANDOM.nextGaussian())));
      }
    }
    return x;
  }

  /** A vector of n elements that is a view in the middle of a longer row, as DL4J's views are. */
  private static INDArray viewOf(long n) {
    INDArray flat = Nd4j.create(DataType.FLOAT, 1, n + 7);
    INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 3 + n));
    assertTrue(view.offset() > 0);
    return view;
  }

  @Test
  void columnSumsAreNd4jsInBothOrdersUpToTheLimit() {
    int compared = 0;
    for (char order : new char[] {'f', 'c'}) {
      for (int rows : new int[] {1, 2, 3, 4, 7, 100, 333, ShortLoops.MAX_TERMS}) {
        for (int cols : new int[] {1, 2, 20, 50}) {
          INDArray x = spread(rows, cols, order);
          INDArray expected = Nd4j.create(DataType.FLOAT, cols);
          x.sum(expected, 0);
          INDArray got = viewOf(cols);
          assertTrue(ShortLoops.columnSums(x, got));
          assertArrayEquals(FloatBits.of(expected), FloatBits.of(got),
              order + " " + rows + "x" + cols);
          compared += cols;
        }
      }
    }
    assertEquals(2 * 8 * 73, compared);
  }

  @Test
  void wholeSumsAreNd4jsInMemoryOrder() {
    for (int t = 0; t < 300; t++) {
      int rows = 1 + RANDOM.nextInt(32);
      int cols = 1 + RANDOM.nextInt(ShortLoops.MAX_TERMS / rows);
      INDArray x = spread(rows, cols, t % 2 == 0 ? 'c' : 'f');
      Double got = ShortLoops.sum(x);
      assertNotNull(got);
      assertEquals(Float.floatToRawIntBits(x.sumNumber().floatValue()),
          Float.floatToRawIntBits(got.floatValue()), rows + "x" + cols);
    }
  }

  @Test
  void signedZerosAddUpAsInNd4j() {
    INDArray zeros = Nd4j.create(DataType.FLOAT, 3, 2).assign(-0.0f);
    INDArray expected = Nd4j.create(DataType.FLOAT, 2);
    zeros.sum(expected, 0);
    INDArray got = Nd4j.create(DataType.FLOAT, 2);
    assertTrue(ShortLoops.columnSums(zeros, got));
    assertArrayEquals(FloatBits.of(expected), FloatBits.of(got));
    assertEquals(Float.floatToRawIntBits(zeros.sumNumber().floatValue()),
        Float.floatToRawIntBits(ShortLoops.sum(zeros).floatValue()));
  }

  @Test
  void biasAddIsNd4jsAddRowVector() {
    for (char order : new char[] {'f', 'c'}) {
      INDArray z = spread(100, 50, order);
      INDArray b = viewOf(50);
      b.assign(spread(1, 50, 'c'));
      INDArray expected = z.dup(order).addiRowVector(b);
      assertTrue(ShortLoops.addRowVector(z, b));
      assertArrayEquals(FloatBits.of(expected), FloatBits.of(z), String.valueOf(order));
    }
  }

  @Test
  void updateStepsAreNd4jsScalarAndPairwiseOps() {
    for (char order : new char[] {'f', 'c'}) {
      INDArray gradient = viewOf(4220).reshape(order, 1, 4220);
      gradient.assign(spread(1, 4220, 'c'));
      INDArray params = spread(1, 4220, order);
      INDArray expectedGradient = gradient.dup(order).divi(7).muli(0.1);
      INDArray expectedParams = params.dup(order).subi(expectedGradient);
      assertTrue(ShortLoops.divide(gradient, 7f));
      assertTrue(ShortLoops.multiply(gradient, (float) 0.1));
      assertTrue(ShortLoops.subtract(params, gradient));
      assertArrayEquals(FloatBits.of(expectedGradient), FloatBits.of(gradient),
          String.valueOf(order));
      assertArrayEquals(FloatBits.of(expectedParams), FloatBits.of(params), String.valueOf(order));
    }
  }

  /** Signed zeros among the numbers, and scalars of both signs, 0 and -0 included. */
  @Test
  void zerosComeOutAsFromNd4j() {
    float[] values = {0f, -0f, 1.5f, -2.25f, 0f, -0f, 3e-39f, -7f};
    for (float y : new float[] {4f, 0.1f, 0f, -0f, -0.5f}) {
      INDArray x = Nd4j.createFromArray(new float[][] {values});
      INDArray expected = x.dup().muli(y);
      assertTrue(ShortLoops.multiply(x, y));
      assertArrayEquals(FloatBits.of(expected), FloatBits.of(x), "times " + y);
      if (y != 0) {
        INDArray z = Nd4j.createFromArray(new float[][] {values});
        INDArray quotient = z.dup().divi(y);
        assertTrue(ShortLoops.divide(z, y));
        assertArrayEquals(FloatBits.of(quotient), FloatBits.of(z), "divided by " + y);
      }
    }
    for (float d : new float[] {0f, -0f, 1f}) {
      INDArray x = Nd4j.createFromArray(new float[][] {values});
      INDArray y = Nd4j.createFromArray(new float[][] {{d, d, d, 0f, -0f, d, d, d}});
      INDArray expected = x.dup().subi(y);
      assertTrue(ShortLoops.subtract(x, y));
      assertArrayEquals(FloatBits.of(expected), FloatBits.of(x), "minus " + d);
    }
  }

  @Test
  void whatItDoesNotTakeIsLeftToNd4j() {
    INDArray tooLong = Nd4j.create(DataType.FLOAT, ShortLoops.MAX_TERMS + 1, 2);
    INDArray out = Nd4j.create(DataType.FLOAT, 2).assign(5);
    assertFalse(ShortLoops.columnSums(tooLong, out));
    assertEquals(5f, out.getFloat(0));
    assertNull(ShortLoops.sum(Nd4j.create(DataType.FLOAT, 1, ShortLoops.MAX_TERMS + 1)));
    assertNull(ShortLoops.sum(Nd4j.create(DataType.DOUBLE, 2, 2)));
    // A strided view (a column of a row-major matrix) is not summed as if it were dense.
    assertNull(ShortLoops.sum(Nd4j.create(DataType.FLOAT, 4, 3).getColumn(1)));
    INDArray big = Nd4j.create(DataType.FLOAT, ShortLoops.MAX_ADDED + 1, 1);
    assertFalse(ShortLoops.addRowVector(big, Nd4j.create(DataType.FLOAT, 1)));
    assertFalse(ShortLoops.addRowVector(Nd4j.create(DataType.FLOAT, 2, 3),
        Nd4j.create(DataType.FLOAT, 4)));
    INDArray long1 = Nd4j.create(DataType.FLOAT, 1, ShortLoops.MAX_UPDATED + 1);
    assertFalse(ShortLoops.divide(long1, 2f));
    assertFalse(ShortLoops.subtract(Nd4j.create(DataType.FLOAT, new long[] {3, 2}, 'c'),
        Nd4j.create(DataType.FLOAT, new long[] {3, 2}, 'f')));
  }
}
