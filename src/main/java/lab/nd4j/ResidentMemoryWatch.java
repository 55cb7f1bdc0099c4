package lab.nd4j;

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

  /** The cap in bytes from {@value #CAP_PROPERTY} (default {@value #DEFAULT_CAP}); 0 = no watch. */
  static long capBytes() {
    String text = System.getProperty(CAP_PROPERTY, DEFAULT_CAP).trim();
    try {
      long bytes = Pointer.parseBytes(text, Runtime.getRuntime().maxMemory());
      if (bytes < 0) throw new NumberFormatException();
      return bytes;
    } catch (NumberFormatException e) {
      throw new lab.UserError("-D" + CAP_PROPERTY + "=" + text
          + ": not a size; give bytes with an optional k, m or g (e.g. 4G), or 0 for no cap");
    }
  }

  /** Starts the watch once per JVM (a no-op when the cap is 0 or the watch already runs). */
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
