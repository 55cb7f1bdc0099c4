package lab.nd4j;

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
   * the resident-memory check off; JavaCPP's limit on the bytes it allocated stays.
   */
  static final String JAVACPP_MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  /** ND4J's property naming the class that makes arrays' shape infos. */
  static final String SHAPE_INFO_PROVIDER = "shapeinfoprovider";

  private Nd4jRuntime() {}

  public static void beforeNd4jLoads() {
    setIfAbsent(JAVACPP_MAX_PHYSICAL_BYTES, "0");
    setIfAbsent(SHAPE_INFO_PROVIDER, CachedShapeInfoProvider.class.getName());
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
