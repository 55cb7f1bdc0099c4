package lab.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.BlasLibrary;
import lab.core.Platform;
import lab.core.ResidentMemoryWatch;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which engine trains a run. The spec key {@code engine} (and {@code --engine}) asks for one of
 * <ul>
 *   <li>{@value #DL4J}: the CPU fast path of lab.fast where it applies (the nd4j-native backend,
 *       in a build that has lab.fast, in a process not started for stock runs), stock DL4J where
 *       it does not, said on the console and in the summary;
 *   <li>{@value #STOCK}: DL4J's own MultiLayerNetwork, fit and score, through public API only,
 *       with ND4J and JavaCPP at their defaults;
 *   <li>{@value #SCRATCH}: the hand-written engine of lab.scratch (its DL4J reference network is
 *       a {@value #DL4J} one).
 * </ul>
 * Some of the fast path's settings are JVM-wide and read when ND4J loads, so a process decides
 * once, before ND4J loads, whether it is a stock process ({@link #prepareProcess}); the command
 * line does so from its arguments and spec. A process that never decided is a fast one. The
 * OpenBLAS under ND4J is chosen at the same time, the same for both engines ({@link BlasLibrary}).
 */
public final class Engines {
  public static final String DL4J = "dl4j";
  public static final String STOCK = "dl4j-stock";
  public static final String SCRATCH = "scratch";

  static final String FAST_PATH_CLASS = "lab.fast.CpuFastPath";

  private static boolean prepared;
  private static boolean stockProcess;
  private static FastPath fast;
  private static boolean installed;
  private static final Map<String, EngineChoice> CHOICES = new LinkedHashMap<>();

  private Engines() {}

  /**
   * Decides, before ND4J loads, whether this process runs stock DL4J ({@code stock} true: ND4J
   * and JavaCPP left at their defaults) or may use the fast path. Only the first call counts.
   */
  public static synchronized void prepareProcess(boolean stock) {
    if (prepared) return;
    BlasLibrary.chooseBeforeNd4jLoads();
    prepared = true;
    stockProcess = stock;
    if (!stock) {
      fast = loadFastPath();
      if (fast != null) fast.beforeNd4jLoads();
    }
    ResidentMemoryWatch.start();
  }

  /** Whether the first {@link #prepareProcess} call asked for a stock process. */
  public static synchronized boolean isStockProcess() {
    return prepared && stockProcess;
  }

  /** The engine that trains a DL4J network of a spec whose {@code engine} key is given. */
  public static synchronized EngineChoice choose(String requested) {
    String key = SCRATCH.equals(requested) ? DL4J : requested;
    EngineChoice known = CHOICES.get(key);
    if (known != null) return known;
    if (!DL4J.equals(key) && !STOCK.equals(key)) {
      throw new IllegalArgumentException("engine " + requested);
    }
    prepareProcess(STOCK.equals(key));
    EngineChoice choice;
    if (STOCK.equals(key)) {
      choice = new EngineChoice(STOCK, jvmWideInEffect(), null, null);
    } else {
      String why = whyNotFast(Nd4j.getBackend().getClass().getName(), fast != null, stockProcess);
      if (why == null && !installed) {
        installed = true;
        for (String warning : fast.afterNd4jLoads()) System.err.println("warning: " + warning);
      }
      if (why != null) {
        choice = new EngineChoice(STOCK, jvmWideInEffect(), why, null);
      } else {
        List<String> subs = new ArrayList<>(jvmWideInEffect());
        subs.addAll(fast.perRun());
        choice = new EngineChoice(DL4J, List.copyOf(subs), null, fast);
      }
    }
    CHOICES.put(key, choice);
    return choice;
  }

  /**
   * Why a {@value #DL4J} run cannot take the fast path, or null when it can: the fast path reads
   * and writes arrays in host memory, so it runs only on ND4J's native CPU backend.
   */
  public static String whyNotFast(String backendClass, boolean fastPathInBuild,
      boolean stockProcess) {
    if (stockProcess) {
      return "this process was started for dl4j-stock runs (ND4J and JavaCPP at their defaults)";
    }
    if (!fastPathInBuild) {
      return "this build has no CPU fast path (lab.fast is compiled into the CPU build only)";
    }
    if (!Platform.ND4J_CPU_BACKEND.equals(backendClass)) {
      String simple = backendClass.substring(backendClass.lastIndexOf('.') + 1);
      return "ND4J backend " + simple + " is not the native CPU backend the fast path needs";
    }
    return null;
  }

  /** The JVM-wide substitutions in effect now, observed. */
  static List<String> jvmWideInEffect() {
    if (fast != null) return fast.jvmWideInEffect();
    List<String> subs = new ArrayList<>();
    if (Pointer.maxPhysicalBytes() == 0) subs.add("javacpp-per-pointer-memory-check-off");
    if (Nd4j.getShapeInfoProvider().getClass().getName().startsWith("lab.")) {
      subs.add("cached-shape-info-provider");
    }
    return subs;
  }

  private static FastPath loadFastPath() {
    try {
      return (FastPath) Class.forName(FAST_PATH_CLASS).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      return null;
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      System.err.println("warning: the CPU fast path could not be loaded (" + e
          + "); training with stock DL4J");
      return null;
    }
  }
}
