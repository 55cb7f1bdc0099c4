package lab.fast;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.PowPairwise;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float powers base^k computed by ND4J's own power function (libnd4j's, which Adam's op calls for
 * beta^(t + 1)), a block of {@value #BLOCK} exponents per op and kept. Java's Math.pow, rounded
 * to float, is not always the same: for 0.999 it differs in 2,075 of the exponents below 2^22,
 * the first at 873; for 0.9 at 685.
 */
final class Powers {
  private Powers() {}

  /** The largest exponent served (a float holds every integer below it exactly). */
  static final int MAX_EXPONENT = 1 << 24;

  static final int BLOCK = 4096;

  private static final Map<Integer, float[][]> BY_BASE = new HashMap<>();

  /** base^exponent as ND4J computes it in float, for 0 <= exponent < MAX_EXPONENT. */
  static synchronized float pow(float base, int exponent) {
    if (exponent < 0 || exponent >= MAX_EXPONENT) {
      throw new IllegalArgumentException("exponent " + exponent + " out of range");
    }
    float[][] blocks = BY_BASE.computeIfAbsent(Float.floatToRawIntBits(base),
        b -> new float[MAX_EXPONENT / BLOCK][]);
    int b = exponent / BLOCK;
    if (blocks[b] == null) blocks[b] = block(base, b * BLOCK);
    return blocks[b][exponent % BLOCK];
  }

  private static float[] block(float base, int first) {
    float[] exponents = new float[BLOCK];
    for (int i = 0; i < BLOCK; i++) exponents[i] = first + i;
    INDArray x = Nd4j.valueArrayOf(new long[] {BLOCK}, base, DataType.FLOAT);
    INDArray y = Nd4j.createFromArray(exponents);
    INDArray z = Nd4j.create(DataType.FLOAT, BLOCK);
    Nd4j.exec(new PowPairwise(x, y, z));
    return z.toFloatVector();
  }
}
