package lab.mnist;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A process of MnistFetchAcrossProcessesTest: fetches into {@code args[0]} from the tarball
 * {@code args[1]} (slowly, like a download), appending its pid to {@code args[2]} for every
 * download it makes; prints "fetched" or "found" and exits 0, or prints the error and exits 2.
 */
public final class FetchInAnotherProcess {
  private FetchInAnotherProcess() {}

  public static void main(String[] args) throws Exception {
    Path cache = Path.of(args[0]);
    Path tgz = Path.of(args[1]);
    Path downloads = Path.of(args[2]);
    List<IdxFile> expected = MnistFetchSafetyTest.EXPECTED;
    MnistFetcher.Source source = work -> {
      Files.writeString(downloads, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      try {
        Thread.sleep(2000); // a slow download: the other processes start meanwhile
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.copy(tgz, work.resolve(MnistFetcher.TARBALL));
    };
    try {
      boolean fetched = MnistFetcher.fetchUnlessValid(cache, expected, source);
      System.out.println(fetched ? "fetched" : "found");
    } catch (RuntimeException e) {
      System.out.println("error: " + e.getMessage());
      System.exit(2);
    }
  }
}
