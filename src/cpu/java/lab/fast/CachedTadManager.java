package lab.fast;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.cpu.nativecpu.CpuTADManager;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;

/**
 * ND4J's CPU "tensor along dimension" manager with a cache in Java. Every broadcast op (a bias
 * added to each row) and every reduction along a dimension (a bias gradient summed over the
 * batch) asks it for the shape and offsets of the slices of its arrays. ND4J 1.0.0-M2.1's
 * manager asks the native side each time (a JNI call, a native copy of the pack, two Java buffer
 * objects), although the native side keeps every pack it ever made in its own constant cache and
 * returns buffers pointing into it: a tenth of an XOR step. Same array shape info and dimensions,
 * same pack, so the Java wrappers are kept and handed out again; no number changes.
 *
 * <p>The executioner keeps its manager in a private field with no setter; {@link #install()} sets
 * it by reflection and leaves ND4J as it is when the field is not there (another ND4J version).
 */
public class CachedTadManager extends CpuTADManager {
  /** More distinct (shape, dimensions) pairs than a run here makes; past it, no new entries. */
  static final int MAX_ENTRIES = 20_000;

  private final CpuTADManager nd4j;
  private final ConcurrentHashMap<Key, Pair<DataBuffer, DataBuffer>> cache =
      new ConcurrentHashMap<>();

  private record Key(long[] shapeInfo, int[] dimensions) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(shapeInfo, k.shapeInfo)
          && Arrays.equals(dimensions, k.dimensions);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(shapeInfo) + Arrays.hashCode(dimensions);
    }
  }

  CachedTadManager(CpuTADManager nd4j) {
    this.nd4j = nd4j;
  }

  @Override
  public Pair<DataBuffer, DataBuffer> getTADOnlyShapeInfo(INDArray array, int[] dimension) {
    // ND4J's manager sorts the caller's dimensions in place, and callers pass them on sorted.
    if (dimension != null && dimension.length > 1) Arrays.sort(dimension);
    // The whole shape info (shape, strides, order, element-wise stride, data type) decides the
    // pack. The lookup key wraps the caller's arrays; a stored key keeps copies of them.
    Key key = new Key(array.shapeInfoJava(), dimension);
    Pair<DataBuffer, DataBuffer> cached = cache.get(key);
    if (cached != null) return cached;
    Pair<DataBuffer, DataBuffer> made = nd4j.getTADOnlyShapeInfo(array, dimension);
    if (cache.size() < MAX_ENTRIES) {
      Key own = new Key(key.shapeInfo().clone(), dimension == null ? null : dimension.clone());
      Pair<DataBuffer, DataBuffer> first = cache.putIfAbsent(own, made);
      if (first != null) return first;
    }
    return made;
  }

  @Override
  public void purgeBuffers() {
    cache.clear();
    nd4j.purgeBuffers();
  }

  /** Puts a caching manager in the executioner's place; true if it is (or was already) there. */
  static boolean install(OpExecutioner executioner) {
    if (!(executioner instanceof NativeOpExecutioner)) return false;
    try {
      Field field = NativeOpExecutioner.class.getDeclaredField("tadManager");
      field.setAccessible(true);
      Object current = field.get(executioner);
      if (current instanceof CachedTadManager) return true;
      if (!(current instanceof CpuTADManager cpu)) return false;
      field.set(executioner, new CachedTadManager(cpu));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
