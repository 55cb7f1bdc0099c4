package lab;

import lab.core.BlasLibrary;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Pins OpenBLAS's kernels (BlasLibrary.pinKernels) when the test JVM's JUnit session opens, before
 * any test class loads ND4J: tests that compare the fast path's bits with stock DL4J's run on the
 * same kernels as ./lab's processes, whichever test happens to load ND4J first.
 */
public final class PinKernelsFirst implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    BlasLibrary.pinKernels();
  }
}
