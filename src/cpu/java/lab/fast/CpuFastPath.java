package lab.fast;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import lab.net.FastPath;
import lab.net.ScoreAndOutput;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU fast path (see lab.net.FastPath and docs/nd4j-internals.md). Loaded by name by
 * lab.net.Engines, only in the CPU build and only on ND4J's native CPU backend.
 *
 * <p>JVM-wide settings it makes, each changing no number:
 * <ul>
 *   <li>JavaCPP's per-pointer memory check off ({@value #JAVACPP_MAX_PHYSICAL_BYTES} 0): it read
 *       /proc/self/statm under a JVM-wide lock on every native pointer, a third of an XOR step;
 *       lab.core.ResidentMemoryWatch bounds the resident size instead;
 *   <li>{@link CachedShapeInfoProvider} through ND4J's {@value #SHAPE_INFO_PROVIDER} property;
 *   <li>{@link CachedTadManager} set into the executioner by reflection;
 *   <li>the executioner's profiling mode DISABLED (ND4J's default checks every op's workspace).
 * </ul>
 * A value given on the command line (-D... in LAB_JAVA_OPTS) is left as it is.
 */
public final class CpuFastPath implements FastPath {
  static final String JAVACPP_MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
  static final String SHAPE_INFO_PROVIDER = "shapeinfoprovider";

  private boolean profilingDisabledHere;

  @Override
  public void beforeNd4jLoads() {
    setIfAbsent(JAVACPP_MAX_PHYSICAL_BYTES, "0");
    setIfAbsent(SHAPE_INFO_PROVIDER, CachedShapeInfoProvider.class.getName());
  }

  @Override
  public List<String> afterNd4jLoads() {
    List<String> warnings = new ArrayList<>();
    if (!CachedTadManager.install(Nd4j.getExecutioner()) || !tadManagerInstalled()) {
      warnings.add("ND4J's TAD manager could not be replaced (NativeOpExecutioner.tadManager not"
          + " found: another ND4J version?); keeping ND4J's own");
    }
    if (!(Nd4j.getShapeInfoProvider() instanceof CachedShapeInfoProvider)) {
      warnings.add("ND4J's shape-info provider is " + Nd4j.getShapeInfoProvider().getClass()
          .getName() + ", not the cached one (ND4J loaded before the fast path was prepared,"
          + " or -Dshapeinfoprovider was given); keeping it");
    }
    SmallGemm.inEffect(); // its check, once, now rather than inside the first training step
    DirectOps.inEffect(); // likewise
    OpExecutioner ex = Nd4j.getExecutioner();
    if (ex.getProfilingMode() != OpExecutioner.ProfilingMode.DISABLED) {
      ex.setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
      profilingDisabledHere = ex.getProfilingMode() == OpExecutioner.ProfilingMode.DISABLED;
      if (!profilingDisabledHere) warnings.add("ND4J's profiling mode could not be turned off");
    }
    return warnings;
  }

  @Override
  public List<String> jvmWideInEffect() {
    List<String> subs = new ArrayList<>();
    if (Pointer.maxPhysicalBytes() == 0) subs.add("javacpp-per-pointer-memory-check-off");
    if (Nd4j.getShapeInfoProvider() instanceof CachedShapeInfoProvider) {
      subs.add("cached-shape-info-provider");
    }
    if (tadManagerInstalled()) subs.add("cached-tad-manager");
    if (profilingDisabledHere) subs.add("profiling-mode-disabled");
    if (SmallGemm.inEffect()) subs.add("small-products-in-java");
    if (DirectOps.inEffect()) subs.add("nd4j-kernels-called-directly");
    return subs;
  }

  @Override
  public List<String> perRun() {
    return List.of("own-gradient-network", "remembering-layers", "sigmoid-loops",
        "direct-sgemm", "row-gather", "short-loops", "fast-update");
  }

  @Override
  public MultiLayerNetwork newNetwork(MultiLayerConfiguration conf) {
    return new OwnGradientNetwork(conf);
  }

  @Override
  public MultiLayerNetwork newStackedNetwork(MultiLayerConfiguration conf, int copies) {
    OwnGradientNetwork net = new OwnGradientNetwork(conf);
    net.init();
    net.stack(copies);
    return net;
  }

  @Override
  public List<ScoreAndOutput.Result> scoreCopies(MultiLayerNetwork stacked,
      List<MultiLayerNetwork> own, DataSet set) {
    return StackedScores.of(stacked, own, set);
  }

  @Override
  public void copyRows(INDArray source, INDArray target, int[] rows) {
    RowGather.gather(source, target, rows);
  }

  @Override
  public boolean copyBlock(INDArray source, long row, long column, INDArray target) {
    return BlockCopy.copy(source, row, column, target);
  }

  /** Whether the executioner holds a CachedTadManager now (read back, not assumed). */
  static boolean tadManagerInstalled() {
    if (!(Nd4j.getExecutioner() instanceof NativeOpExecutioner ex)) return false;
    try {
      Field field = NativeOpExecutioner.class.getDeclaredField("tadManager");
      field.setAccessible(true);
      return field.get(ex) instanceof CachedTadManager;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
