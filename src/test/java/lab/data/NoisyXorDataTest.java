package lab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoisyXorDataTest {

  @Test
  void sameSeedGivesTheSamePointsAndAnotherSeedOtherPoints() {
    LabeledPoints a = NoisyXorData.generate(200, 0, 0, 0);
    LabeledPoints b = NoisyXorData.generate(200, 0, 0, 0);
    LabeledPoints c = NoisyXorData.generate(200, 1, 0, 0);
    assertTrue(Arrays.deepEquals(a.x(), b.x()));
    assertArrayEquals(a.y(), b.y());
    assertFalse(Arrays.deepEquals(a.x(), c.x()));
  }

  @Test
  void cleanPointsAreUniformInTheSquareAndLabelledByTheProductRule() {
    LabeledPoints p = NoisyXorData.generate(2000, 3, 0, 0);
    int[] perQuadrant = new int[4];
    for (int i = 0; i < p.size(); i++) {
      double x0 = p.x()[i][0];
      double x1 = p.x()[i][1];
      assertTrue(x0 >= -1 && x0 < 1 && x1 >= -1 && x1 < 1, "point " + i + " outside [-1,1)^2");
      assertEquals(x0 * x1 >= 0 ? 1 : 0, p.y()[i], "label of point " + i);
      perQuadrant[(x0 >= 0 ? 1 : 0) + (x1 >= 0 ? 2 : 0)]++;
    }
    // 500 expected per quadrant; the binomial standard deviation is about 19.
    for (int q : perQuadrant) assertTrue(q > 420 && q < 580, Arrays.toString(perQuadrant));
  }

  @Test
  void labelRuleCountsTheAxesAsClassOne() {
    assertEquals(1, NoisyXorData.label(0, -0.5));
    assertEquals(1, NoisyXorData.label(0.3, 0.2));
    assertEquals(1, NoisyXorData.label(-0.3, -0.2));
    assertEquals(0, NoisyXorData.label(-0.3, 0.2));
    assertEquals(0, NoisyXorData.label(0.3, -0.2));
  }

  @Test
  void labelFlipsKeepThePointsAndFlipAboutTheRequestedShare() {
    LabeledPoints clean = NoisyXorData.generate(4000, 5, 0, 0);
    LabeledPoints flipped = NoisyXorData.generate(4000, 5, 0.2, 0);
    assertTrue(Arrays.deepEquals(clean.x(), flipped.x()));
    int changed = 0;
    for (int i = 0; i < clean.size(); i++) changed += clean.y()[i] != flipped.y()[i] ? 1 : 0;
    // 800 expected; the binomial standard deviation is about 25.
    assertTrue(changed > 700 && changed < 900, "flipped " + changed + " of 4000");
  }

  @Test
  void jitterMovesThePointsButLabelsFollowTheCleanPoints() {
    LabeledPoints clean = NoisyXorData.generate(1000, 7, 0, 0);
    LabeledPoints jittered = NoisyXorData.generate(1000, 7, 0, 0.1);
    assertArrayEquals(clean.y(), jittered.y());
    double sumSq = 0;
    for (int i = 0; i < clean.size(); i++) {
      for (int d = 0; d < 2; d++) {
        double diff = jittered.x()[i][d] - clean.x()[i][d];
        sumSq += diff * diff;
      }
    }
    double std = Math.sqrt(sumSq / (2 * clean.size()));
    assertEquals(0.1, std, 0.01, "standard deviation of the jitter");
  }
}
