package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The 55,000 / 5,000 split of the training file: seeded, disjoint, complete. */
class MnistSplitTest {

  @Test
  void sameSeedSameSplit() {
    MnistData.Split a = MnistData.split(60_000, 5000, 0, 1);
    MnistData.Split b = MnistData.split(60_000, 5000, 0, 1);
    assertArrayEquals(a.train(), b.train());
    assertArrayEquals(a.valid(), b.valid());
  }

  @Test
  void otherSeedOtherSplit() {
    MnistData.Split a = MnistData.split(60_000, 5000, 0, 1);
    MnistData.Split b = MnistData.split(60_000, 5000, 0, 2);
    assertFalse(Arrays.equals(a.valid(), b.valid()));
  }

  @Test
  void disjointAndCoveringEveryImage() {
    MnistData.Split s = MnistData.split(60_000, 5000, 0, 1);
    assertEquals(55_000, s.train().length);
    assertEquals(5000, s.valid().length);
    BitSet seen = new BitSet(60_000);
    for (int i : s.train()) {
      assertFalse(seen.get(i), "twice: " + i);
      seen.set(i);
    }
    for (int i : s.valid()) {
      assertFalse(seen.get(i), "in train and valid: " + i);
      seen.set(i);
    }
    assertEquals(60_000, seen.cardinality());
  }

  @Test
  void trainLimitKeepsThePrefixAndTheValidationSet() {
    MnistData.Split all = MnistData.split(60_000, 5000, 0, 3);
    MnistData.Split few = MnistData.split(60_000, 5000, 2000, 3);
    assertArrayEquals(all.valid(), few.valid());
    assertArrayEquals(Arrays.copyOf(all.train(), 2000), few.train());
  }
}
