package lab.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.core.MemorySettings;

/**
 * One engine's process of the bench, started while no other engine's process exists: BLAS and
 * OpenMP pinned to one thread, the request (if any) written to its stdin and stdin closed, its
 * stdout and stderr to files, and the wall clock from its start to its exit.
 */
final class EngineProcess {
  /** The thread settings every engine's process gets, whatever the caller's environment. */
  static final Map<String, String> PINNED = Map.of("OMP_NUM_THREADS", "1",
      "OPENBLAS_NUM_THREADS", "1", "MKL_NUM_THREADS", "1");

  /**
   * What every engine's process gets on top of the bench's own environment: the threads
   * {@link #PINNED}, and the memory settings ./lab gives its JVM (lab.core.MemorySettings), so that
   * DL4J's and PyTorch's processes run with the same malloc.
   */
  static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(new java.util.TreeMap<>(PINNED)); // one order
    String inherited = System.getenv("GLIBC_TUNABLES");
    Map<String, String> memory = MemorySettings.environment(inherited);
    if (!memory.isEmpty()) {
      env.putAll(memory);
    } else if (inherited != null) {
      env.put("GLIBC_TUNABLES", inherited);
    }
    return env;
  }

  /** A process that ran to its end: exit code, wall seconds, the last line of its stdout. */
  record Result(int exitCode, double wallSeconds, String lastLine, Path stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** One line: why it failed, with the last line of its stderr. */
    String failure(String what) {
      String last = "";
      try {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        for (String l : lines) if (!l.isBlank()) last = l.strip();
      } catch (IOException e) {
        last = "";
      }
      return what + " exited with code " + exitCode + (last.isEmpty() ? "" : ": " + last)
          + " (log: " + stderr + ")";
    }
  }

  private static final long TIMEOUT_MINUTES = 60;

  private EngineProcess() {}

  static Result run(List<String> command, String stdin, Path logDir, String logName)
      throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(logName + ".out");
    Path err = logDir.resolve(logName + ".log");
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(environment());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A process that died before reading its request: its exit code and log say why.
    }
    int code;
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(logName + " did not end within " + TIMEOUT_MINUTES + " minutes");
      }
      code = p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    String last = "";
    for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) last = l.strip();
    }
    return new Result(code, wall, last, err);
  }
}
