package lab.data;

import java.util.Arrays;

/**
 * Points of the plane with a 0/1 label each, in a fixed order.
 *
 * @param x the points, {@code x[i] = {x0, x1}}
 * @param y the labels, 0 or 1
 */
public record LabeledPoints(double[][] x, int[] y) {

  public LabeledPoints {
    if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
  }

  public int size() {
    return y.length;
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), in order. */
  public LabeledPoints slice(int from, int to) {
    return new LabeledPoints(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
  }
}
