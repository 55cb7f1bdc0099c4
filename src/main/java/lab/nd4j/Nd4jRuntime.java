package lab.nd4j;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Settings that make ND4J cheaper per op without changing a number. They are JVM-wide properties
 * read once, when JavaCPP and ND4J load, so {@link #beforeNd4jLoads()} runs first thing in
 * {@code lab.Main} (and the test JVM gets them from Maven's argLine); a value given on the
 * command line ({@code -D...} in LAB_JAVA_OPTS) is left as it is.
 */
public final class Nd4jRuntime {
  /**
   * JavaCPP checks the process's resident memory (reading /proc/self/statm, under a JVM-wide
   * lock) every time a native pointer is made, to force a GC above a limit; ND4J makes several
   * per array, so for the small networks here that read was a third of a training step. 0 turns
   * the per-pointer check off; JavaCPP's limit on the bytes it allocated stays, and
   * {@link ResidentMemoryWatch} (started by {@code lab.Main}) bounds the resident size instead.
   * JavaCPP reads the lower-case spelling (maxphysicalbytes) first: given in LAB_JAVA_OPTS, it
   * turns the per-pointer check back on.
   */
  static final String JAVACPP_MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  /** ND4J's property naming the class that makes arrays' shape infos. */
  static final String SHAPE_INFO_PROVIDER = "shapeinfoprovider";

  private Nd4jRuntime() {}

  public static void beforeNd4jLoads() {
    setIfAbsent(JAVACPP_MAX_PHYSICAL_BYTES, "0");
    setIfAbsent(SHAPE_INFO_PROVIDER, CachedShapeInfoProvider.class.getName());
  }

  /**
   * ND4J's executioner validates, by default (profiling mode SCOPE_PANIC), that every op's arrays
   * live in an open workspace: a check on each op for bugs in workspace handling (DL4J's own, and
   * the scratch engine's one workspace per step). Off, as ND4J's documentation advises for speed.
   * Also puts {@link CachedTadManager} in the executioner.
   * Called by the network builder, i.e. once ND4J has loaded and before any training.
   */
  public static void afterNd4jLoads() {
    CachedTadManager.install(Nd4j.getExecutioner());
    if (Nd4j.getExecutioner().getProfilingMode() != OpExecutioner.ProfilingMode.DISABLED) {
      Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
