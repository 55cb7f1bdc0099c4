package lab.experiment;

import java.util.ArrayList;
import java.util.List;
import lab.core.Platform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reliability diagram of DL4J's EvaluationCalibration (empty bins left out), computed in
 * Java for a small evaluation set: for XOR's four points DL4J's class makes 184 ND4J ops (in a
 * JFR profile, about a fifth of writing a sweep job's folder). The same numbers, computed in the
 * same order: per bin i of width 1 / bins, the rows with i / bins <= p < (i + 1) / bins
 * (the last bin up to and including 1) by a 0/1 mask of doubles, the sums over the rows of p
 * times the mask, of the label times the mask and of the mask, in row order from 0 (ND4J's order
 * for sums of up to 1,024 terms on its CPU backend), counts cast to long, then the mean predicted
 * probability and the fraction of positives as double divisions. ReliabilityBinsTest compares it
 * with EvaluationCalibration.
 */
final class ReliabilityBins {
  private ReliabilityBins() {}

  /** The most rows computed here. */
  static final int MAX_ROWS = 1024;

  /**
   * Per class, {mean predicted probability, fraction of positives} over the non-empty bins; null
   * where this does not apply (not double matrices of one shape, more than {@link #MAX_ROWS}
   * rows, or another ND4J backend than the CPU one), for EvaluationCalibration to compute.
   */
  static List<double[][]> of(INDArray probs, INDArray labels, int bins) {
    if (probs.dataType() != DataType.DOUBLE || labels.dataType() != DataType.DOUBLE
        || probs.rank() != 2 || !probs.equalShapes(labels) || probs.size(0) > MAX_ROWS
        || probs.size(0) < 1
        || !Platform.ND4J_CPU_BACKEND.equals(Nd4j.getBackend().getClass().getName())) {
      return null;
    }
    double[][] p = probs.toDoubleMatrix();
    double[][] y = labels.toDoubleMatrix();
    double width = 1.0 / bins;
    List<double[][]> byClass = new ArrayList<>();
    for (int c = 0; c < p[0].length; c++) {
      long[] total = new long[bins];
      long[] positive = new long[bins];
      double[] predicted = new double[bins];
      int filled = 0;
      for (int i = 0; i < bins; i++) {
        double lower = i * width;
        double upper = (i + 1) * width;
        double sumP = 0;
        double sumY = 0;
        double count = 0;
        for (int r = 0; r < p.length; r++) {
          double v = p[r][c];
          double mask = (v >= lower ? 1.0 : 0.0) * ((i == bins - 1 ? v <= 1.0 : v < upper)
              ? 1.0 : 0.0);
          sumP += v * mask;
          sumY += y[r][c] * mask;
          count += mask;
        }
        total[i] = (long) count;
        positive[i] = (long) sumY;
        predicted[i] = sumP;
        if (total[i] != 0) filled++;
      }
      double[] mean = new double[filled];
      double[] fraction = new double[filled];
      for (int i = 0, j = 0; i < bins; i++) {
        if (total[i] == 0) continue;
        mean[j] = predicted[i] / (double) total[i];
        fraction[j] = (double) positive[i] / (double) total[i];
        j++;
      }
      byClass.add(new double[][] {mean, fraction});
    }
    return byClass;
  }
}
