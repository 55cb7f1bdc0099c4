package lab.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A float array's elements as their raw bits, row by row: what the bit-for-bit tests compare. */
final class FloatBits {
  private FloatBits() {}

  static int[] of(INDArray x) {
    float[] v = x.dup('c').data().asFloat();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
    return out;
  }
}
