package lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes Debian's PyTorch available to the bench: {@code /usr/bin/python3} with python3-torch,
 * and OpenBLAS (libopenblas0-pthread) behind its BLAS, installed with apt-get when missing.
 * Debian's python is used by its full path because the python3 on PATH may be another one
 * (e.g. pyenv's) without torch. When it cannot be had, {@link #ensure} says why in one line and
 * the bench runs DL4J alone.
 */
final class TorchSetup {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final List<String> PACKAGES = List.of("python3-torch", "libopenblas0-pthread");

  private TorchSetup() {}

  /** Null when PyTorch is ready; else the reason it is not, one line. */
  static String ensure(Path log, PrintStream console) {
    if (ready()) return null;
    if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      return PYTHON + " has no torch (or OpenBLAS is missing) and there is no apt-get to install "
          + String.join(" and ", PACKAGES);
    }
    console.println("bench: installing " + String.join(" and ", PACKAGES)
        + " with apt-get (a few minutes; log: " + log + ")");
    try {
      Files.createDirectories(log.getParent());
      int update = run(log, false, "apt-get", "update");
      if (update != 0) return "apt-get update failed (exit " + update + "; see " + log + ")";
      List<String> install = new java.util.ArrayList<>(List.of("apt-get", "install", "-y"));
      install.addAll(PACKAGES);
      int code = run(log, true, install.toArray(String[]::new));
      if (code != 0) {
        return "apt-get install " + String.join(" ", PACKAGES) + " failed (exit " + code
            + "; see " + log + ")";
      }
    } catch (IOException e) {
      return "apt-get could not be started: " + e.getMessage();
    }
    return ready() ? null : PYTHON + " still cannot import torch after apt-get install (see "
        + log + ")";
  }

  /** torch imports in Debian's python and both packages are installed. */
  static boolean ready() {
    if (!Files.isExecutable(PYTHON)) return false;
    try {
      if (quiet(PYTHON.toString(), "-c", "import torch") != 0) return false;
      // Without OpenBLAS Debian's torch falls back to the reference BLAS: a slow, unfair baseline.
      for (String p : PACKAGES) {
        if (quiet("dpkg-query", "-W", "-f=${Status}", p) != 0) return false;
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int quiet(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return waitFor(p, 120);
  }

  private static int run(Path log, boolean append, String... cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
            : ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    return waitFor(pb.start(), 1800);
  }

  private static int waitFor(Process p, int seconds) {
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
