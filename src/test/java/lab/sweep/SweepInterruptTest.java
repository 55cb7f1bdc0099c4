package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a sweep, as a user does it: a ./lab sweep process gets SIGINT after its first job;
 * it says how many jobs are done and how to resume, exits 130, and --resume finishes the rest.
 */
class SweepInterruptTest {

  @Test
  void sigintSaysWhatIsDoneAndHowToResume(@TempDir Path dir) throws Exception {
    String yaml = SweepTestFiles.TINY.replace("epochs: 40", "epochs: 1500")
        .replace("seeds: 2", "seeds: 3");
    Path file = SweepTestFiles.write(dir, "tiny", yaml);
    String classpath = "target/classes" + File.pathSeparator
        + Files.readString(Path.of("target/runtime-classpath.txt")).trim();
    List<String> command = new java.util.ArrayList<>();
    if (sigintIgnored()) {
      // Started in the background by a shell without job control, this JVM (and so its child)
      // ignores SIGINT, and a JVM that starts with SIGINT ignored never handles it. Reset it to
      // the default for the child, as a terminal's Ctrl-C would find it.
      command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
    }
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-Dlab.home=" + Path.of("").toAbsolutePath(),
        "-cp", classpath, "lab.cli.Main", "sweep", file.toString(), "--one-by-one",
        "--parallel", "1", "--results", dir.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean signalled = false;
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
        if (!signalled && line.startsWith("[1/6]")) {
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
          signalled = true;
        }
      }
    } finally {
      if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly();
    }
    String text = out.toString();
    assertEquals(130, p.exitValue(), text);
    List<String> said = text.lines().filter(l -> l.startsWith("interrupted: ")).toList();
    assertEquals(1, said.size(), text);
    assertTrue(said.get(0).matches("interrupted: \\d+ of 6 jobs done .*"), said.get(0));
    assertTrue(said.get(0).endsWith("finish with: ./lab sweep " + file + " --results " + dir
        + " --resume"), said.get(0));
    assertTrue(!text.contains("Exception"), text);
    int done = Integer.parseInt(said.get(0).split(" ")[1]);
    assertTrue(done >= 1 && done < 6, said.get(0));

    SweepTestFiles.Outcome o = SweepTestFiles.lab("sweep", file.toString(), "--results",
        dir.toString(), "--resume");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains(done + " already done, " + (6 - done) + " to run"), o.out());
    assertTrue(o.out().contains("resuming one-by-one"), o.out());
  }

  /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status). */
  private static boolean sigintIgnored() throws java.io.IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isRegularFile(status)) return false;
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).trim(), 16) & 0x2L) != 0;
      }
    }
    return false;
  }
}
