package lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The PyTorch half of the bench: the running torch_bench.py, or the one-line reason it is not
 * running. A failure in the middle of the bench stops PyTorch for good (said in one line); the
 * DL4J rounds go on.
 */
final class TorchSide implements AutoCloseable {
  private TorchProcess process;
  private String reason;
  private Map<String, Object> about;
  private final PrintStream console;

  private TorchSide(PrintStream console) {
    this.console = console;
  }

  static TorchSide start(boolean wanted, Path script, int threads, Path logs,
      PrintStream console) {
    TorchSide side = new TorchSide(console);
    side.reason = wanted ? TorchSetup.ensure(logs.resolve("bench-apt.log"), console)
        : "not asked for (--no-torch)";
    if (side.reason == null && !java.nio.file.Files.isRegularFile(script)) {
      side.reason = script + " is missing";
    }
    if (side.reason == null) {
      try {
        side.process = TorchProcess.start(script, threads, logs.resolve("bench-torch.log"));
        side.about = side.process.ask(Map.of("workload", "about"));
      } catch (IOException e) {
        side.stop(script.getFileName() + " did not start: " + e.getMessage());
      }
    }
    if (side.process == null) {
      console.println("bench: PyTorch not run: " + side.reason + "; timing DL4J only");
    } else {
      console.printf("bench: PyTorch %s (python %s, %s), %d thread(s) as DL4J%n",
          side.about.get("torch"), side.about.get("python"), side.about.get("blas"), threads);
    }
    return side;
  }

  boolean running() {
    return process != null;
  }

  /** Null while PyTorch runs or ran to the end. */
  String reason() {
    return reason;
  }

  /** Versions, threads and BLAS library of the PyTorch process; null if it never started. */
  Map<String, Object> about() {
    return about;
  }

  /** One round's seconds per unit, or NaN once PyTorch is not running. */
  double round(Workload w) {
    if (process == null) return Double.NaN;
    try {
      return process.seconds(w.torchRequest()) / w.unitsPerRound();
    } catch (IOException e) {
      stop("failed on " + w.id() + ": " + e.getMessage());
      console.println("bench: PyTorch " + reason + "; timing DL4J only from here");
      return Double.NaN;
    }
  }

  private void stop(String why) {
    reason = why;
    if (process != null) process.close();
    process = null;
  }

  @Override
  public void close() {
    if (process != null) process.close();
  }
}
