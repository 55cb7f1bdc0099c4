package lab.core;

import org.bytedeco.javacpp.Pointer;

/**
 * Bounds the process's memory without JavaCPP's per-pointer check. ND4J frees an array's native
 * memory only after the garbage collector finds its small Java wrapper unreachable, and a large
 * heap can put collections off while native memory grows. JavaCPP's own guard (the
 * maxPhysicalBytes property) reads /proc/self/statm on every pointer it makes, which cost a third
 * of an XOR step; this daemon thread reads it a few times a second instead and asks for a
 * collection when the resident size passes the cap.
 */
public final class ResidentMemoryWatch {
  /** System property holding the cap, in JavaCPP's notation ("4G", "3500m"). */
  public static final String CAP_PROPERTY = "lab.memory.cap";

  static final String DEFAULT_CAP = "4G";
  static final long PERIOD_MILLIS = 200;

  private static Thread thread;

  private ResidentMemoryWatch() {}

  /**
   * The cap in bytes from {@value #CAP_PROPERTY} (default {@value #DEFAULT_CAP}); 0 = no watch.
   * Parsed here, not by JavaCPP: loading JavaCPP's Pointer class reads its own settings, which
   * must wait until the engine has decided them (lab.net.Engines).
   */
  static long capBytes() {
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
    return Long.parseLong(m.group(1)) << shift;
  }

  /** Fails with one line when the cap property is not a size; touches no JavaCPP class. */
  public static void checkCap() {
    capBytes();
  }

  /**
   * Starts the watch once per JVM. Called once the engine has made its JVM-wide settings
   * (lab.net.Engines.prepareProcess), since the watch loads JavaCPP. A no-op when the cap is 0
   * or the watch already runs.
   */
  public static synchronized void start() {
    long cap = capBytes();
    if (thread != null || cap == 0) return;
    thread = new Thread(() -> watch(cap), "lab-resident-memory-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private static void watch(long cap) {
    while (true) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (Pointer.physicalBytes() > cap) {
        // The collection queues the unreachable wrappers; ND4J's deallocator threads then free
        // their native memory. One collection per period at most, so a process that needs more
        // than the cap slows down instead of spinning.
        System.gc();
      }
    }
  }
}
