package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import lab.sweep.Job;
import lab.sweep.Sweep;
import lab.sweep.SweepLoader;
import org.junit.jupiter.api.Test;

/** What the bench times is what it says: a real slice of xor-optimizer-lr, and the FLOP count. */
class BenchSliceTest {

  @Test
  void sliceJobsAreXorOptimizerLrJobsCutTo2000Epochs() {
    Sweep slice = SweepLoader.load(SweepLoader.sweepPath("bench-xor-slice"));
    Sweep full = SweepLoader.load(SweepLoader.sweepPath("xor-optimizer-lr"));
    assertEquals(40, slice.jobs().size());
    Map<String, String> fullJobs = new HashMap<>();
    for (Job j : full.jobs()) {
      fullJobs.put(j.point() + "/" + j.seed(), withoutName(j, 2000));
    }
    for (Job j : slice.jobs()) {
      assertEquals(2000, j.spec().epochs(), j.id());
      String same = fullJobs.get(j.point() + "/" + j.seed());
      assertTrue(same != null, j.id() + " is no job of xor-optimizer-lr");
      assertEquals(same, withoutName(j, 2000), j.id());
    }
  }

  private static String withoutName(Job j, int epochs) {
    return j.spec().with(Map.of("name", "", "epochs", epochs)).canonicalText();
  }

  @Test
  void quickSliceKeepsTheFortyJobs() {
    Sweep quick = Bench.slice(true, "dl4j");
    assertEquals(40, quick.jobs().size());
    assertEquals(Bench.SWEEP_EPOCHS_QUICK, quick.base().epochs());
  }

  @Test
  void mnistMultiplyAddsCountForwardWeightAndInputGradients() {
    // forward 784*50 + 50*10, weight gradients the same, input gradient of layer 2 only: 50*10
    assertEquals(2 * (784 * 50 + 50 * 10) + 50 * 10,
        MnistEpochWorkload.multiplyAddsPerImage(new int[] {784, 50, 10}));
  }
}
