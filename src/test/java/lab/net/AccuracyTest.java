package lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A one-output accuracy counted in Java equals ND4J's comparisons, NaN and 0.5 included. */
class AccuracyTest {

  private static double nd4j(INDArray output, INDArray labels) {
    INDArray predicted = output.gt(0.5).castTo(labels.dataType());
    INDArray truth = labels.gt(0.5).castTo(labels.dataType());
    return predicted.eq(truth).castTo(DataType.DOUBLE).sumNumber().doubleValue()
        / output.size(0);
  }

  @Test
  void javaCountEqualsNd4jsOps() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int n : new int[] {1, 4, 7, 200}) {
        for (int seed = 0; seed < 20; seed++) {
          Nd4j.getRandom().setSeed(seed);
          INDArray out = Nd4j.rand(type, n, 1);
          INDArray labels = Nd4j.rand(type, n, 1).gt(0.5).castTo(type);
          if (n > 3) {
            out.putScalar(0, 0.5);
            out.putScalar(1, Double.NaN);
            out.putScalar(2, Math.nextUp(0.5f));
          }
          assertEquals(nd4j(out, labels), Accuracy.of(out, labels), type + " n=" + n);
          INDArray f = out.dup('f');
          assertEquals(nd4j(f, labels), Accuracy.of(f, labels), type + " n=" + n + " 'f'");
        }
      }
    }
  }
}
