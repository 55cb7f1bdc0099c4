package lab.mnist;

import lab.core.UserError;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test that trains on the real MNIST files does when the cache is missing or bad: under
 * CI (environment CI=true, as .ci/run sets it) it fails, so a CI run never passes with these
 * tests skipped; elsewhere it skips, and says so on the console in capitals.
 */
public final class MnistCache {
  private MnistCache() {}

  public static void require(String test) {
    require(test, underCi(), MnistFiles.cacheDir());
  }

  static void require(String test, boolean ci, java.nio.file.Path dir) {
    try {
      MnistFiles.check(dir);
    } catch (UserError e) {
      String why = "MNIST cache not present or not valid (" + e.getMessage() + ")";
      if (ci) {
        Assertions.fail(test + ": " + why + "; under CI the MNIST tests must run: ./lab data mnist");
      }
      System.err.println("SKIPPED " + test + ": " + why + ". Run ./lab data mnist to run it.");
      Assumptions.abort(why);
    }
  }

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
