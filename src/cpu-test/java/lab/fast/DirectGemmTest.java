package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DirectGemm against ND4J's own matrix product (Nd4j.gemm, through libnd4j), bit for bit: every
 * combination of operand layouts (by rows, by columns, a transposed view, a view inside a larger
 * array such as a layer's slice of the flattened gradient), at the sizes of the suite's networks.
 */
class DirectGemmTest {

  /** An m x n matrix in one of the layouts, filled from the generator. */
  private static INDArray matrix(String layout, long m, long n) {
    INDArray values = Nd4j.randn(DataType.FLOAT, m, n);
    return switch (layout) {
      case "c" -> values.dup('c');
      case "f" -> values.dup('f');
      case "transposed" -> values.transpose().dup('c').transpose(); // by columns, as a view
      case "slice" -> { // columns 3.. of a larger column-major array: an offset, ld = m
        INDArray big = Nd4j.randn(DataType.FLOAT, m, n + 3).dup('f');
        INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(3, n + 3));
        view.assign(values);
        yield view;
      }
      default -> throw new IllegalArgumentException(layout);
    };
  }

  @ParameterizedTest
  @CsvSource({"100, 784, 50", "100, 50, 10", "50, 100, 10", "784, 100, 50", "50, 10, 100",
      "4, 2, 2", "4, 2, 1", "2, 4, 1", "1, 2, 2", "20, 64, 30", "7, 1, 5"})
  void sameBitsAsNd4jInEveryLayout(long m, long k, long n) {
    String[] layouts = {"c", "f", "transposed", "slice"};
    int checked = 0;
    for (String la : layouts) {
      for (String lb : layouts) {
        for (String lc : layouts) {
          Nd4j.getRandom().setSeed(m * 1000 + k * 10 + n);
          INDArray a = matrix(la, m, k);
          INDArray b = matrix(lb, k, n);
          INDArray ours = matrix(lc, m, n);
          INDArray nd4j = ours.dup(ours.ordering());
          if (!DirectGemm.fits(a, b, ours)) continue;
          DirectGemm.multiply(a, b, ours);
          Nd4j.gemm(a, b, nd4j, false, false, 1.0, 0.0);
          assertArrayEquals(FloatBits.of(nd4j), FloatBits.of(ours), la + " x " + lb + " -> " + lc);
          checked++;
        }
      }
    }
    assertEquals(64, checked, "every layout combination fits");
  }

  /**
   * A layer of one output: DL4J multiplies x W by mmuli, which for a single column of results
   * takes ND4J's matrix-vector path (sgemv, with copies); the direct sgemm gives the same bits.
   */
  @Test
  void oneOutputIsMmulsMatrixVectorProduct() {
    Nd4j.getRandom().setSeed(5);
    int shapes = 0;
    for (int m : new int[] {1, 4, 7, 200, 1000}) {
      for (int k = 1; k <= 130; k += k < 20 ? 1 : 7) {
        for (char order : new char[] {'c', 'f'}) {
          INDArray x = Nd4j.randn(DataType.FLOAT, m, k).dup(order);
          INDArray w = Nd4j.randn(DataType.FLOAT, k, 1).dup('f');
          INDArray dl4j = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, 1}, 'c');
          x.mmuli(w, dl4j);
          INDArray ours = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, 1}, 'f');
          assertTrue(DirectGemm.fits(x, w, ours));
          DirectGemm.multiply(x, w, ours);
          assertArrayEquals(FloatBits.of(dl4j), FloatBits.of(ours), m + " x " + k + " " + order);
          shapes++;
        }
      }
    }
    assertEquals(5 * 35 * 2, shapes);
  }

  @Test
  void refusesWhatBlasCannotTake() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
    INDArray c = Nd4j.create(DataType.FLOAT, 3, 2);
    assertTrue(DirectGemm.fits(a, Nd4j.rand(DataType.FLOAT, 4, 2), c));
    assertFalse(DirectGemm.fits(a, Nd4j.rand(DataType.FLOAT, 5, 2), c), "sizes do not match");
    assertFalse(DirectGemm.fits(a.castTo(DataType.DOUBLE), Nd4j.rand(DataType.DOUBLE, 4, 2),
        Nd4j.create(DataType.DOUBLE, 3, 2)), "double");
    INDArray everyOther = Nd4j.rand(DataType.FLOAT, 6, 8).get(NDArrayIndex.interval(0, 2, 6),
        NDArrayIndex.interval(0, 2, 8));
    assertFalse(DirectGemm.fits(everyOther, Nd4j.rand(DataType.FLOAT, 4, 2),
        Nd4j.create(DataType.FLOAT, 3, 2)), "no unit stride");
  }
}
