package lab.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import lab.core.ResidentMemoryWatch;
import lab.core.UserError;
import lab.results.ResultsFolder;
import lab.spec.ExperimentSpec;

/**
 * A memory allocation that failed during training (the JVM's OutOfMemoryError, or a native
 * allocation ND4J or JavaCPP reports as an exception, such as std::bad_alloc) becomes one line on
 * the console; the stack trace goes to error.log in the run's folder, kept under .failed/.
 */
final class AllocationFailure {
  private AllocationFailure() {}

  static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) return true;
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("bad_alloc") || m.contains("cannot allocate") || m.contains("failed to"
          + " allocate") || m.contains("out of memory") || m.contains("allocation failed")) {
        return true;
      }
    }
    return false;
  }

  static UserError report(ExperimentSpec spec, ResultsFolder folder, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    Path log;
    try {
      Files.writeString(folder.dir().resolve("error.log"), "run " + spec.name()
          + ": a memory allocation failed during training\n\n" + trace, StandardCharsets.UTF_8);
      log = folder.keepAsFailed().resolve("error.log");
    } catch (IOException | RuntimeException io) {
      log = null;
    }
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return new UserError("spec " + spec.name() + ": memory: an allocation failed during training ("
        + e.getClass().getSimpleName() + ": " + first + "); the run was stopped"
        + (log != null ? ", details in " + log : "") + "; allowed: a smaller model (model.hidden)"
        + " or batch, or more memory (-D" + ResidentMemoryWatch.CAP_PROPERTY + "=SIZE)");
  }
}
