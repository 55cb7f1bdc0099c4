package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.EvaluationCalibration;
import org.nd4j.evaluation.curves.ReliabilityDiagram;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReliabilityBins against DL4J's EvaluationCalibration, bit for bit: one and many classes, 1 to
 * 1,024 rows (sums taken in Java) and more (sums taken by ND4J, up to MNIST's 10,000 test images),
 * probabilities spread over the bins, on the bins' edges (0, 0.1, 0.3, 1), and concentrated so
 * that bins are empty; floats are left to DL4J.
 */
class ReliabilityBinsTest {
  private static final Random RANDOM = new Random(23);

  private static long[] bits(double[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) out[i] = Double.doubleToRawLongBits(v[i]);
    return out;
  }

  private static void assertSameAsDl4j(INDArray probs, INDArray labels, int bins) {
    EvaluationCalibration cal = new EvaluationCalibration(bins, 1);
    cal.eval(labels, probs);
    List<double[][]> ours = ReliabilityBins.of(probs, labels, bins);
    assertNotNull(ours);
    for (int c = 0; c < probs.size(1); c++) {
      ReliabilityDiagram d = cal.getReliabilityDiagram(c);
      String where = probs.size(0) + " rows, class " + c;
      assertArrayEquals(bits(d.getMeanPredictedValueX()), bits(ours.get(c)[0]), where);
      assertArrayEquals(bits(d.getFractionPositivesY()), bits(ours.get(c)[1]), where);
    }
  }

  /** Rows of probabilities over {@code classes} (two: [1 - p, p], as the evaluation makes). */
  private static INDArray[] set(int rows, int classes, double concentrated) {
    double[][] p = new double[rows][classes];
    double[][] y = new double[rows][classes];
    double[] edges = {0, 0.1, 0.3, 1, 0.7, 0.9};
    for (int r = 0; r < rows; r++) {
      if (classes == 2) {
        double v = r % 11 == 0 ? edges[r % edges.length]
            : RANDOM.nextDouble() < concentrated ? 0.95 + 0.05 * RANDOM.nextDouble()
            : RANDOM.nextDouble();
        p[r] = new double[] {1 - v, v};
        int label = RANDOM.nextDouble() < v ? 1 : 0;
        y[r][label] = 1;
      } else {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          p[r][c] = Math.exp(3 * RANDOM.nextGaussian());
          sum += p[r][c];
        }
        for (int c = 0; c < classes; c++) p[r][c] /= sum;
        y[r][RANDOM.nextInt(classes)] = 1;
      }
    }
    return new INDArray[] {Nd4j.createFromArray(p), Nd4j.createFromArray(y)};
  }

  @Test
  void binaryDiagramsAreEvaluationCalibrations() {
    for (int rows : new int[] {1, 4, 7, 200, 333, ReliabilityBins.MAX_ROWS}) {
      for (double concentrated : new double[] {0, 0.9}) {
        INDArray[] s = set(rows, 2, concentrated);
        assertSameAsDl4j(s[0], s[1], ModelEvaluation.CALIBRATION_BINS);
      }
    }
  }

  @Test
  void manyClassesAndOtherBinCounts() {
    for (int bins : new int[] {1, 3, 10, 20}) {
      INDArray[] s = set(500, 10, 0);
      assertSameAsDl4j(s[0], s[1], bins);
    }
  }

  @Test
  void largerSetsAreSummedByNd4j() {
    for (int rows : new int[] {ReliabilityBins.MAX_ROWS + 1, 4099, 10_000}) {
      INDArray[] tenClasses = set(rows, 10, 0);
      assertSameAsDl4j(tenClasses[0], tenClasses[1], ModelEvaluation.CALIBRATION_BINS);
      INDArray[] binary = set(rows, 2, 0.9);
      assertSameAsDl4j(binary[0], binary[1], ModelEvaluation.CALIBRATION_BINS);
    }
    INDArray[] s = set(3000, 10, 0);
    assertSameAsDl4j(s[0], s[1], 7);
  }

  @Test
  void floatsAreLeftToDl4j() {
    INDArray[] small = set(4, 2, 0);
    assertNull(ReliabilityBins.of(small[0].castTo(DataType.FLOAT),
        small[1].castTo(DataType.FLOAT), 10));
    assertEquals(2, ReliabilityBins.of(small[0], small[1], 10).size());
  }
}
