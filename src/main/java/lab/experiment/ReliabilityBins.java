package lab.experiment;

import java.util.ArrayList;
import java.util.List;
import lab.core.Platform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reliability diagram of DL4J's EvaluationCalibration (empty bins left out), computed here:
 * for XOR's four points DL4J's class makes 184 ND4J ops (in a JFR profile, about a fifth of
 * writing a sweep job's folder), and for MNIST's 10,000 test images its 180 ops over the whole
 * output took 160-220 ms, each a new array. The same numbers, computed as DL4J does: per bin i of
 * width 1 / bins, the rows with i / bins <= p < (i + 1) / bins (the last bin up to and including
 * 1) by a 0/1 mask of doubles, the sums over the rows of p times the mask, of the label times the
 * mask and of the mask, counts cast to long, then the mean predicted probability and the fraction
 * of positives as double divisions. Up to {@link #MAX_ROWS} rows the sums are taken here, in row
 * order from 0 (ND4J's order for sums of up to 1,024 terms on its CPU backend); for more, the
 * three masked arrays are made here and summed by ND4J's own column sum, the op DL4J's class
 * calls on the same values, so that the order is ND4J's whatever it is. ReliabilityBinsTest
 * compares both with EvaluationCalibration.
 */
final class ReliabilityBins {
  private ReliabilityBins() {}

  /** The most rows whose sums are taken here; larger sets are summed by ND4J. */
  static final int MAX_ROWS = 1024;

  /**
   * Per class, {mean predicted probability, fraction of positives} over the non-empty bins; null
   * where this does not apply (not double matrices of one shape, or another ND4J backend than the
   * CPU one), for EvaluationCalibration to compute.
   */
  static List<double[][]> of(INDArray probs, INDArray labels, int bins) {
    if (probs.dataType() != DataType.DOUBLE || labels.dataType() != DataType.DOUBLE
        || probs.rank() != 2 || !probs.equalShapes(labels) || probs.size(0) < 1
        || !Platform.ND4J_CPU_BACKEND.equals(Nd4j.getBackend().getClass().getName())) {
      return null;
    }
    int rows = (int) probs.size(0);
    int classes = (int) probs.size(1);
    double[] p = rowMajor(probs);
    double[] y = rowMajor(labels);
    // Per class and bin: the count, the positives' count and the predictions' sum.
    long[][] total = new long[classes][bins];
    long[][] positive = new long[classes][bins];
    double[][] predicted = new double[classes][bins];
    double[] masks = new double[rows * classes];
    double[] maskedLabels = new double[rows * classes];
    double[] maskedProbs = new double[rows * classes];
    for (int i = 0; i < bins; i++) {
      for (int k = 0; k < rows * classes; k++) {
        double mask = mask(p[k], i, bins);
        masks[k] = mask;
        maskedLabels[k] = y[k] * mask;
        maskedProbs[k] = p[k] * mask;
      }
      double[] count = columnSums(masks, rows, classes);
      double[] sumY = columnSums(maskedLabels, rows, classes);
      double[] sumP = columnSums(maskedProbs, rows, classes);
      for (int c = 0; c < classes; c++) {
        total[c][i] = (long) count[c];
        positive[c][i] = (long) sumY[c];
        predicted[c][i] = 0.0 + sumP[c]; // DL4J adds each sum to a row of zeros
      }
    }
    List<double[][]> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      int filled = 0;
      for (int i = 0; i < bins; i++) {
        if (total[c][i] != 0) filled++;
      }
      double[] mean = new double[filled];
      double[] fraction = new double[filled];
      for (int i = 0, j = 0; i < bins; i++) {
        if (total[c][i] == 0) continue;
        mean[j] = predicted[c][i] / (double) total[c][i];
        fraction[j] = (double) positive[c][i] / (double) total[c][i];
        j++;
      }
      byClass.add(new double[][] {mean, fraction});
    }
    return byClass;
  }

  /**
   * The matrix's values row after row (INDArray.toDoubleMatrix makes a view per row: for MNIST's
   * 10,000 test images it took 250-620 ms).
   */
  private static double[] rowMajor(INDArray a) {
    try (INDArray copy = a.dup('c')) {
      return copy.data().asDouble();
    }
  }

  /** 1 when {@code v} is in bin {@code i} of {@code bins}, else 0, as DL4J's mask takes it. */
  private static double mask(double v, int i, int bins) {
    double width = 1.0 / bins;
    boolean below = i == bins - 1 ? v <= 1.0 : v < (i + 1) * width;
    return (v >= i * width ? 1.0 : 0.0) * (below ? 1.0 : 0.0);
  }

  /**
   * The sums over the rows of a row-major double matrix, in ND4J's order: in row order from 0 up
   * to {@link #MAX_ROWS} rows, else by ND4J's own {@code sum(0)}, as DL4J's class takes them.
   */
  private static double[] columnSums(double[] values, int rows, int classes) {
    if (rows <= MAX_ROWS) {
      double[] sums = new double[classes];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < classes; c++) sums[c] += values[r * classes + c];
      }
      return sums;
    }
    try (INDArray a = Nd4j.create(values, new long[] {rows, classes}, 'c');
        INDArray s = a.sum(0)) {
      return s.toDoubleVector();
    }
  }
}
