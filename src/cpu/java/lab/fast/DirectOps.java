package lab.fast;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * A few of libnd4j's element-wise kernels called the way ND4J's executioner calls them (the same
 * native function, op number, buffers and shape information), without the executioner's Java
 * path around each call: an op object, data type checks, a context for custom ops. Once compiled
 * that path adds a few microseconds to each op; while the JIT compiler has not reached it, which is
 * most of the first seconds of a run, much more. An MNIST step had five such ops and a stacked XOR
 * step six, each on a few thousand numbers; the metrics rows of each recorded epoch a sigmoid per
 * layer.
 *
 * <p>The sigmoid, the logarithm, the division by the batch size and SGD's product by the rate run
 * libnd4j's own kernels, so they give its numbers by construction (ND4J's {@code sgd_updater}
 * multiplies by the rate cast to float, as the scalar product does). The optimizer's step,
 * parameters minus update, is OpenBLAS's saxpy with alpha -1: (-1) y is exact, so each element is
 * rounded once, to x - y. Each process checks all five against the ops they replace, once, on
 * random arrays of both storage orders with zeros of both signs ({@link #inEffect}); if one
 * differs, none is used and ND4J's ops run as before.
 */
final class DirectOps {
  private DirectOps() {}

  private static final NativeOps LOOP = nativeOps();

  /** The executioner's native functions, once ND4J's backend has loaded (they fail before). */
  private static NativeOps nativeOps() {
    Nd4j.getExecutioner();
    return NativeOpsHolder.getInstance().getDeviceNativeOps();
  }

  private static final int SIGMOID = new Sigmoid().opNum();
  private static final int LOG = new Log().opNum();
  private static final int DIVIDE = new ScalarDivision().opNum();
  private static final int MULTIPLY = new ScalarMultiplication().opNum();

  /** The executioner passes a per-thread pointer array to transforms; the CPU kernels ignore it. */
  private static final ThreadLocal<PointerPointer<?>> EXTRA =
      ThreadLocal.withInitial(() -> new PointerPointer<>(32));

  /** Scalars as ND4J's scalar ops make them (float arrays of one element), kept per thread. */
  private static final ThreadLocal<Map<Integer, INDArray>> SCALARS =
      ThreadLocal.withInitial(HashMap::new);

  private static final int MAX_SCALARS = 64;

  /** Whether the direct calls give ND4J's bits in this process (checked once). */
  static boolean inEffect() {
    return Check.AGREES;
  }

  /** z = sigmoid(x) by ND4J's kernel; x and z may be the same array. */
  static boolean sigmoid(INDArray x, INDArray z) {
    return inEffect() && transform(SIGMOID, x, z);
  }

  /** z = sigmoid(x): by the direct call where it applies, else by ND4J's op. */
  static void execSigmoid(INDArray x, INDArray z) {
    if (!sigmoid(x, z)) Nd4j.exec(new Sigmoid(x, z));
  }

  /** z = log(x): by the direct call where it applies, else by ND4J's op. */
  static void execLog(INDArray x, INDArray z) {
    if (!log(x, z)) Nd4j.exec(new Log(x, z));
  }

  /**
   * A layer's activation of its pre-activation z, as DL4J's {@code getActivation(z, training)}
   * computes it: a float sigmoid in place by ND4J's kernel here, anything else by DL4J.
   */
  static INDArray activation(IActivation fn, INDArray z, boolean training) {
    return fn.getClass() == ActivationSigmoid.class && sigmoid(z, z) ? z
        : fn.getActivation(z, training);
  }

  /** z = log(x) by ND4J's kernel; x and z may be the same array. */
  static boolean log(INDArray x, INDArray z) {
    return inEffect() && transform(LOG, x, z);
  }

  /** x = x / y, as {@code x.divi(y)}. */
  static boolean divide(INDArray x, float y) {
    return inEffect() && scalar(DIVIDE, x, y);
  }

  /** x = x * y, as SGD's {@code sgd_updater} with rate y. */
  static boolean multiply(INDArray x, float y) {
    return inEffect() && scalar(MULTIPLY, x, y);
  }

  /** x = x - y, as {@code x.subi(y)} for arrays of one shape. */
  static boolean subtract(INDArray x, INDArray y) {
    return inEffect() && axpy(x, y);
  }

  private static boolean transform(int op, INDArray x, INDArray z) {
    if (!fits(x) || !fits(z) || !x.equalShapes(z)) return false;
    LOOP.execTransformStrict(EXTRA.get(), op, buffer(x), shape(x), null, buffer(z), shape(z),
        null, null);
    checkError();
    return true;
  }

  private static boolean scalar(int op, INDArray x, float y) {
    if (!fits(x)) return false;
    INDArray s = scalarArray(y);
    LOOP.execScalar(null, op, buffer(x), shape(x), null, buffer(x), shape(x), null, buffer(s),
        shape(s), null, null);
    checkError();
    return true;
  }

  /**
   * x = x + (-1) y by OpenBLAS's saxpy, over arrays of one shape and storage order whose
   * elements lie side by side. (-1) y is exact, so each element is rounded once, as in x - y.
   */
  private static boolean axpy(INDArray x, INDArray y) {
    if (!contiguous(x) || !contiguous(y) || !x.equalShapes(y) || x.ordering() != y.ordering()
        || x.length() > Integer.MAX_VALUE) {
      return false;
    }
    openblas_nolapack.cblas_saxpy((int) x.length(), -1f, (FloatPointer) y.data().addressPointer(),
        1, (FloatPointer) x.data().addressPointer(), 1);
    return true;
  }

  private static boolean contiguous(INDArray a) {
    return fits(a) && a.elementWiseStride() == 1 && a.data().offset() == a.offset()
        && a.data().addressPointer() instanceof FloatPointer;
  }

  private static boolean fits(INDArray a) {
    return a != null && a.dataType() == DataType.FLOAT && !a.isEmpty()
        && a.data() instanceof BaseCpuDataBuffer;
  }

  private static OpaqueDataBuffer buffer(INDArray a) {
    return ((BaseCpuDataBuffer) a.data()).getOpaqueDataBuffer();
  }

  private static LongPointer shape(INDArray a) {
    return (LongPointer) a.shapeInfoDataBuffer().addressPointer();
  }

  private static void checkError() {
    if (LOOP.lastErrorCode() != 0) throw new RuntimeException(LOOP.lastErrorMessage());
  }

  private static INDArray scalarArray(float value) {
    Map<Integer, INDArray> scalars = SCALARS.get();
    int key = Float.floatToRawIntBits(value);
    INDArray s = scalars.get(key);
    if (s == null) {
      if (scalars.size() >= MAX_SCALARS) scalars.clear(); // a schedule's rates: let them go
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        s = Nd4j.scalar(DataType.FLOAT, value);
      }
      scalars.put(key, s);
    }
    return s;
  }

  /**
   * Whether float matrices a and b have equal shapes and the same bits element by element (-0 and
   * +0 differ), read straight from their memory; false for anything else. For the checks, which
   * run while the JIT compiler has reached none of ND4J's element accessors: reading and writing
   * through them made the checks cost a process about 0.1 s more.
   */
  static boolean sameBits(INDArray a, INDArray b) {
    if (b == null || a.rank() != 2 || !a.equalShapes(b)) return false;
    FloatRawIndexer x = ShortLoops.memory(a);
    FloatRawIndexer y = ShortLoops.memory(b);
    if (x == null || y == null) return false;
    for (long r = 0; r < a.size(0); r++) {
      for (long c = 0; c < a.size(1); c++) {
        if (Float.floatToRawIntBits(x.getRaw(r * a.stride(0) + c * a.stride(1)))
            != Float.floatToRawIntBits(y.getRaw(r * b.stride(0) + c * b.stride(1)))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A new rows x cols float matrix stored in {@code order} holding {@code values}, given row by
   * row, written straight into its memory. For the checks.
   */
  static INDArray matrix(int rows, int cols, char order, float[] values) {
    INDArray x = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, order);
    FloatRawIndexer m = ShortLoops.memory(x);
    if (m == null) return Nd4j.create(values, new long[] {rows, cols}, 'c').dup(order);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m.putRaw(r * x.stride(0) + c * x.stride(1), values[r * cols + c]);
      }
    }
    return x;
  }

  /** The check, run when first asked: every direct call against the ND4J op it replaces. */
  private static final class Check {
    static final boolean AGREES = agrees();

    private static boolean agrees() {
      Random random = new Random(20261202);
      for (int t = 0; t < 24; t++) {
        char order = t % 2 == 0 ? 'c' : 'f';
        long[] shape = {1 + random.nextInt(40), 1 + random.nextInt(40)};
        INDArray x = filled(shape, order, random);
        INDArray y = filled(shape, order, random);
        float s = (float) Math.exp(3 * random.nextGaussian());
        // sigmoid and log into another array and in place
        INDArray nd4j = Nd4j.create(DataType.FLOAT, shape, order);
        Nd4j.exec(new Sigmoid(x, nd4j));
        if (!sameBits(nd4j, applied(x, z -> transform(SIGMOID, x, z), false))) return false;
        if (!sameBits(nd4j, applied(x, z -> transform(SIGMOID, z, z), true))) return false;
        INDArray positive = org.nd4j.linalg.ops.transforms.Transforms.abs(x, true);
        Nd4j.exec(new Log(positive, nd4j));
        if (!sameBits(nd4j, applied(positive, z -> transform(LOG, z, z), true))) return false;
        if (!sameBits(x.dup(order).divi(s), applied(x, z -> scalar(DIVIDE, z, s), true))) {
          return false;
        }
        INDArray sgd = x.dup(order);
        Nd4j.exec(new SgdUpdater(sgd, s));
        if (!sameBits(sgd, applied(x, z -> scalar(MULTIPLY, z, s), true))) return false;
        INDArray step = x.dup(order).subi(y);
        if (!sameBits(step, applied(x, z -> axpy(z, y), true))) return false;
      }
      return true;
    }

    private interface Call {
      boolean run(INDArray z);
    }

    /** The result of {@code call} on a copy of x (inPlace) or on a new array of x's shape. */
    private static INDArray applied(INDArray x, Call call, boolean inPlace) {
      INDArray z = inPlace ? x.dup(x.ordering()) : Nd4j.create(DataType.FLOAT, x.shape(),
          x.ordering());
      return call.run(z) ? z : null;
    }

    private static INDArray filled(long[] shape, char order, Random random) {
      float[] values = new float[(int) (shape[0] * shape[1])];
      for (int i = 0; i < values.length; i++) {
        int kind = random.nextInt(12);
        values[i] = kind == 0 ? 0f : kind == 1 ? -0f
            : (float) (random.nextGaussian() * Math.exp(3 * random.nextGaussian()));
      }
      return matrix((int) shape[0], (int) shape[1], order, values);
    }
  }
}
