package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SmallGemm's loops against OpenBLAS's sgemm, bit for bit: random products with summed
 * dimensions of 1 to 7 in every combination of storage orders and of transposed views, zeros
 * among the numbers; and stacked products, copy by copy, against BlockGemm's BLAS calls with the
 * splits the stacked layers use. This machine's OpenBLAS must agree ({@link SmallGemm#inEffect}),
 * or the loops would not be used at all.
 */
class SmallGemmTest {
  private static final Random RANDOM = new Random(17);

  private static INDArray random(long rows, long cols, String layout) {
    INDArray x = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < cols; c++) {
        double spread = Math.exp(2 * RANDOM.nextGaussian());
        x.putScalar(r, c, RANDOM.nextInt(9) == 0 ? 0f : (float) (RANDOM.nextGaussian() * spread));
      }
    }
    return switch (layout) {
      case "c" -> x;
      case "f" -> x.dup('f');
      default -> x.transpose().dup('c').transpose(); // by columns, as a transposed view
    };
  }

  @Test
  void loopsAreThisMachinesSgemm() {
    assertTrue(SmallGemm.inEffect(), "OpenBLAS here sums short products as the loops do");
    String[] layouts = {"c", "f", "t"};
    int products = 0;
    for (int k = 1; k <= SmallGemm.MAX_INNER; k++) {
      for (String la : layouts) {
        for (String lb : layouts) {
          for (char lc : new char[] {'c', 'f'}) {
            for (int t = 0; t < 6; t++) {
              int m = 1 + RANDOM.nextInt(t < 3 ? 5 : 60);
              int n = 1 + RANDOM.nextInt(t < 3 ? 5 : 40);
              INDArray a = random(m, k, la);
              INDArray b = random(k, n, lb);
              INDArray blas = Nd4j.create(DataType.FLOAT, new long[] {m, n}, lc);
              INDArray loop = Nd4j.create(DataType.FLOAT, new long[] {m, n}, lc);
              DirectGemm.multiply(a, b, blas);
              assertTrue(SmallGemm.product(a, b, loop, 1, false, false, false));
              assertArrayEquals(FloatBits.of(blas), FloatBits.of(loop),
                  m + "x" + k + "x" + n + " " + la + lb + lc);
              products++;
            }
          }
        }
      }
    }
    assertEquals(7 * 3 * 3 * 2 * 6, products);
  }

  @Test
  void stackedProductsAreBlockGemmsBlasCalls() {
    int copies = 20;
    // A stacked 2-2-...-1 XOR step: forward of the first layer (shared input), of a later
    // layer, the weight gradient (batch 4) and the input gradient.
    Object[][] cases = {
        {random(4, 2, "c"), random(2, 2 * copies, "f"), new BlockGemm.Split(false, true, false)},
        {random(4, 2 * copies, "f"), random(2 * copies, 2 * copies, "f"),
            new BlockGemm.Split(false, true, true)},
        {random(4, 2 * copies, "f").transpose(), random(4, 2 * copies, "f"),
            new BlockGemm.Split(true, true, false)},
        {random(2 * copies, 1 * copies, "f"), random(4, copies, "f").transpose(),
            new BlockGemm.Split(true, false, true)}};
    for (Object[] c : cases) {
      INDArray a = (INDArray) c[0];
      INDArray b = (INDArray) c[1];
      BlockGemm.Split split = (BlockGemm.Split) c[2];
      INDArray blas = Nd4j.create(DataType.FLOAT, new long[] {a.size(0), b.size(1)}, 'f');
      INDArray loop = Nd4j.create(DataType.FLOAT, new long[] {a.size(0), b.size(1)}, 'f');
      BlockGemm.blas(a, b, blas, copies, split);
      assertTrue(SmallGemm.product(a, b, loop, copies, split.rows(), split.cols(),
          split.inner()));
      assertArrayEquals(FloatBits.of(blas), FloatBits.of(loop), split.toString());
    }
  }

  @Test
  void longerSumsAndOtherTypesAreLeftToBlas() {
    INDArray c = Nd4j.create(DataType.FLOAT, 3, 3).assign(5);
    assertFalse(SmallGemm.product(random(3, SmallGemm.MAX_INNER + 1, "c"),
        random(SmallGemm.MAX_INNER + 1, 3, "c"), c, 1, false, false, false));
    assertEquals(5f, c.getFloat(0, 0));
    assertFalse(SmallGemm.product(Nd4j.create(DataType.DOUBLE, 3, 2),
        Nd4j.create(DataType.DOUBLE, 2, 3), Nd4j.create(DataType.DOUBLE, 3, 3), 1, false, false,
        false));
  }
}
