package lab.fast;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider;

/**
 * ND4J's CPU shape-info provider with a cache on the path every new array takes. In ND4J
 * 1.0.0-M2.1 an array's constructor asks for its shape info (shape, strides, order, data type)
 * through the one overload that DirectShapeInfoProvider does not cache, so each array created in
 * a training step costs two native pointer allocations and a JNI call, only for the native side
 * to hand back a shape buffer it had cached already; for the tiny networks here that was about a
 * quarter of a step. Shape infos are constant once made (ND4J marks them so and its own caches
 * share them between arrays), so arrays of the same shape can share one. Installed through ND4J's
 * {@code shapeinfoprovider} property (see {@link CpuFastPath}); it changes no number.
 */
public class CachedShapeInfoProvider extends DirectShapeInfoProvider {
  /** More distinct shapes than a run here makes; past it, shapes are made uncached as before. */
  static final int MAX_ENTRIES = 20_000;

  private final ConcurrentHashMap<Key, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();

  private record Key(long[] shape, long[] stride, long ews, char order, DataType type,
      boolean empty) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && ews == k.ews && order == k.order && type == k.type
          && empty == k.empty && Arrays.equals(shape, k.shape) && Arrays.equals(stride, k.stride);
    }

    @Override
    public int hashCode() {
      int h = 31 * Arrays.hashCode(shape) + Arrays.hashCode(stride);
      h = 31 * h + Long.hashCode(ews);
      h = 31 * h + order;
      return 31 * (31 * h + type.ordinal()) + (empty ? 1 : 0);
    }
  }

  @Override
  public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride,
      long elementWiseStride, char order, DataType dataType, boolean empty) {
    Key key = new Key(shape, stride, elementWiseStride, order, dataType, empty);
    Pair<DataBuffer, long[]> cached = cache.get(key);
    if (cached != null) return cached;
    Pair<DataBuffer, long[]> made =
        super.createShapeInformation(shape, stride, elementWiseStride, order, dataType, empty);
    if (cache.size() < MAX_ENTRIES) {
      // The caller's arrays may be reused by it: the key keeps copies.
      Key own = new Key(shape.clone(), stride.clone(), elementWiseStride, order, dataType, empty);
      Pair<DataBuffer, long[]> first = cache.putIfAbsent(own, made);
      if (first != null) return first;
    }
    return made;
  }
}
