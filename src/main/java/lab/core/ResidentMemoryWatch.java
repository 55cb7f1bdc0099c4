package lab.core;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;

/**
 * Caps the process's resident memory. ND4J frees an array's native memory only after the
 * garbage collector finds its small Java wrapper unreachable, and a large heap can put
 * collections off while native memory grows. JavaCPP's own guard (the maxPhysicalBytes
 * property) measures the resident size on every pointer it makes, which cost a third of an XOR
 * step; this daemon thread measures it a few times a second instead:
 * <ul>
 *   <li>above the cap, it asks for a collection (at most one per period);
 *   <li>when the resident size stays above the cap for {@link #GRACE_PERIODS} periods in a row
 *       despite the collections, the cap is <em>exceeded</em>: {@link #check()} then throws a
 *       one-line {@link UserError}, which the training loop calls after every epoch, so the run
 *       stops cleanly (its earlier result untouched) instead of being killed by the system.
 * </ul>
 * The resident size comes from JavaCPP ({@code Pointer.physicalBytes()}, native on Linux, macOS
 * and Windows); where that is not available, from the JVM's memory beans plus the native bytes
 * JavaCPP tracks. Started by the engine's first use (lab.net.Engines.prepareProcess), which
 * every entry point (./lab, the experiment main classes, the tests) goes through.
 */
public final class ResidentMemoryWatch {
  /** System property holding the cap, in JavaCPP's notation ("4G", "3500m"). */
  public static final String CAP_PROPERTY = "lab.memory.cap";

  static final String DEFAULT_CAP = "4G";
  static final long PERIOD_MILLIS = 200;
  /** Periods in a row above the cap (after collections) before the cap counts as exceeded. */
  static final int GRACE_PERIODS = 25;

  private static Thread thread;
  private static volatile String exceeded;
  private static volatile String forced;
  private static volatile boolean fallback;

  private ResidentMemoryWatch() {}

  /**
   * The cap in bytes from {@value #CAP_PROPERTY} (default {@value #DEFAULT_CAP}); 0 = no watch.
   * Parsed here, not by JavaCPP: loading JavaCPP's Pointer class reads its own settings, which
   * must wait until the engine has decided them (lab.net.Engines).
   */
  public static long capBytes() {
    String text = System.getProperty(CAP_PROPERTY, DEFAULT_CAP).trim();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,15})([kKmMgGtT]?)").matcher(text);
    if (!m.matches()) {
      throw new UserError("-D" + CAP_PROPERTY + "=" + text
          + ": not a size; give bytes with an optional k, m or g (e.g. 4G), or 0 for no cap");
    }
    int shift = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    long number = Long.parseLong(m.group(1));
    if (number == 0) return 0;
    long bytes = number > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : number << shift;
    if (bytes < MIN_CAP) {
      throw new UserError("-D" + CAP_PROPERTY + "=" + text + ": too small: the JVM and ND4J"
          + " alone take about 300 MB; allowed: 0 (no cap) or a size of at least 256M");
    }
    return bytes;
  }

  /** The smallest cap taken: below it the JVM and ND4J alone would exceed it. */
  static final long MIN_CAP = 256L << 20;

  /** Fails with one line when the cap property is not a size; touches no JavaCPP class. */
  public static void checkCap() {
    capBytes();
  }

  /**
   * Starts the watch once per JVM. Called once the engine has made its JVM-wide settings
   * (lab.net.Engines.prepareProcess), since the watch loads JavaCPP. A no-op when the cap is 0
   * or the watch already runs.
   *
   * <p>The first measurement is taken here, on the calling thread, so that JavaCPP's
   * {@code Pointer} class is initialized before the watch thread exists. JavaCPP 1.5.7 deadlocks
   * when one thread initializes {@code Pointer} (which calls {@code Loader.load()}) while another
   * is inside {@code Loader.load()} of a library whose JNI code needs {@code Pointer}: the watch
   * thread waking while the main thread loaded ND4J's libraries hung the process for good (seen
   * in CI, where JavaCPP's cache was empty and loading took seconds; bytedeco/javacpp#737).
   */
  public static synchronized void start() {
    long cap = capBytes();
    if (thread != null || cap == 0) return;
    residentBytes();
    thread = new Thread(() -> watch(cap), "lab-resident-memory-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the watch runs in this JVM. */
  public static synchronized boolean running() {
    return thread != null && thread.isAlive();
  }

  /**
   * Throws a one-line UserError while the resident size has stayed above the cap; called by the
   * training loop after every epoch.
   */
  public static void check() {
    String why = forced != null ? forced : exceeded;
    if (why != null) throw new UserError(why);
  }

  /**
   * The resident size of the process in bytes: JavaCPP's measure, or, where it fails (no native
   * support, no /proc), the JVM's heap and non-heap use plus JavaCPP's tracked native bytes.
   */
  public static long residentBytes() {
    if (!fallback) {
      try {
        long b = Pointer.physicalBytes();
        if (b > 0) return b;
      } catch (RuntimeException | LinkageError e) {
        // Measured below from the JVM instead.
      }
      fallback = true;
    }
    return jvmEstimate();
  }

  /** Heap and non-heap in use plus the native memory JavaCPP allocated. */
  static long jvmEstimate() {
    var mem = ManagementFactory.getMemoryMXBean();
    long java = mem.getHeapMemoryUsage().getUsed() + mem.getNonHeapMemoryUsage().getUsed();
    long natives;
    try {
      natives = Pointer.totalBytes();
    } catch (RuntimeException | LinkageError e) {
      natives = 0;
    }
    return java + natives;
  }

  private static void watch(long cap) {
    int above = 0;
    while (true) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long resident = residentBytes();
      if (resident <= cap) {
        above = 0;
        exceeded = null;
        continue;
      }
      // The collection queues the unreachable wrappers; ND4J's deallocator threads then free
      // their native memory. One collection per period at most.
      System.gc();
      if (++above >= GRACE_PERIODS) exceeded = message(resident, cap, above);
    }
  }

  static String message(long resident, long cap, int periods) {
    return String.format(java.util.Locale.ROOT, "memory: the process's resident size, %s,"
        + " stayed above the cap of %s for %.1f s despite garbage collection; the run was"
        + " stopped. Allowed: a smaller model, batch or data set, or a higher cap"
        + " (-D%s=SIZE in LAB_JAVA_OPTS, 0 for none)", Sizes.show(resident), Sizes.show(cap),
        periods * PERIOD_MILLIS / 1000.0, CAP_PROPERTY);
  }

  /** For tests: the state the watch reaches after the grace periods (null: back to measuring). */
  static void setExceeded(String why) {
    forced = why;
  }
}
