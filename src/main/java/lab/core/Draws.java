package lab.core;

import java.util.SplittableRandom;

/** Random draws whose sequence is fixed by this code, not by a JDK's or ND4J's generator. */
public final class Draws {
  private Draws() {}

  /** Box-Muller, so the sequence is fixed by this code and not by a JDK's implementation. */
  public static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
