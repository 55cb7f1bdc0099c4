package lab.core;

/**
 * A fresh JVM for {@link ResidentMemoryWatchTest}: starts the watch and exits 0 when JavaCPP's
 * Pointer class was initialized by {@link ResidentMemoryWatch#start} itself (on this thread), 3
 * when it was not, 4 when it already was before.
 */
public final class WatchStartInAnotherProcess {
  private WatchStartInAnotherProcess() {}

  public static void main(String[] args) throws Exception {
    java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
    // Naming the class loads it without initializing it.
    Class<?> pointer = Class.forName("org.bytedeco.javacpp.Pointer", false,
        WatchStartInAnotherProcess.class.getClassLoader());
    @SuppressWarnings("deprecation")
    boolean before = unsafe.shouldBeInitialized(pointer);
    if (!before) System.exit(4);
    ResidentMemoryWatch.start();
    @SuppressWarnings("deprecation")
    boolean after = unsafe.shouldBeInitialized(pointer);
    System.exit(after ? 3 : 0);
  }
}
