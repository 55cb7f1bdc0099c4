package lab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies chosen rows of a matrix, in order, into the first rows of another. */
@FunctionalInterface
public interface RowCopy {
  void copy(INDArray source, INDArray target, int[] rows);

  /** ND4J's own, public {@code pullRows}. */
  RowCopy ND4J = (source, target, rows) -> Nd4j.pullRows(source, target, 1, rows);
}
