package lab.fast;

import org.bytedeco.javacpp.indexer.DoubleRawIndexer;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One copy's weights or biases read out of a stacked network's (lab.net.StackedNetwork) by a
 * Java loop, without ND4J's views and assign ops: about 10 us each, eight per copy of an XOR
 * network, and a sweep reads every copy of a stack at every recorded epoch. A copy of numbers
 * changes none of them.
 */
final class BlockCopy {
  private BlockCopy() {}

  /**
   * target = the block of source starting at (row, column) with target's shape; for vectors
   * ([n] or [1, n]) the n elements from element {@code column} on. False, changing nothing, for
   * arrays of other types or shapes, or a block that does not fit.
   */
  static boolean copy(INDArray source, long row, long column, INDArray target) {
    if (source.dataType() != target.dataType() || source.rank() != target.rank()
        || source.rank() < 1 || source.rank() > 2) {
      return false;
    }
    long rows = target.rank() == 1 ? 1 : target.size(0);
    long cols = target.rank() == 1 ? target.size(0) : target.size(1);
    long sourceRows = source.rank() == 1 ? 1 : source.size(0);
    long sourceCols = source.rank() == 1 ? source.size(0) : source.size(1);
    if (row < 0 || column < 0 || row + rows > sourceRows || column + cols > sourceCols) {
      return false;
    }
    long srs = source.rank() == 1 ? 0 : source.stride(0);
    long scs = source.rank() == 1 ? source.stride(0) : source.stride(1);
    long trs = target.rank() == 1 ? 0 : target.stride(0);
    long tcs = target.rank() == 1 ? target.stride(0) : target.stride(1);
    if (source.dataType() == DataType.FLOAT) {
      FloatRawIndexer s = ShortLoops.memory(source);
      FloatRawIndexer t = ShortLoops.memory(target);
      if (s == null || t == null) return false;
      for (long r = 0; r < rows; r++) {
        for (long c = 0; c < cols; c++) {
          t.putRaw(r * trs + c * tcs, s.getRaw((row + r) * srs + (column + c) * scs));
        }
      }
      return true;
    }
    if (source.dataType() == DataType.DOUBLE && source.data().offset() == source.offset()
        && target.data().offset() == target.offset()
        && source.data().indexer() instanceof DoubleRawIndexer s
        && target.data().indexer() instanceof DoubleRawIndexer t) {
      for (long r = 0; r < rows; r++) {
        for (long c = 0; c < cols; c++) {
          t.putRaw(r * trs + c * tcs, s.getRaw((row + r) * srs + (column + c) * scs));
        }
      }
      return true;
    }
    return false;
  }
}
