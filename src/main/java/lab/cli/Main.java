package lab.cli;

import java.io.PrintWriter;
import lab.core.ResidentMemoryWatch;
import lab.core.UserError;
import lab.train.DivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code ./lab} command line. Exit codes: 0 done, 1 internal failure, 2 user error, 3 diverged. */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Reproducible multilayer-perceptron experiments on Deeplearning4j.",
    subcommands = {ListCommand.class, RunCommand.class, ChartsCommand.class, KeysCommand.class,
        TraceCommand.class, DataCommand.class, SweepCommand.class, CompareCommand.class,
        EvalCommand.class, PredictCommand.class,
        BenchCommand.class})
public final class Main {
  public static final int USER_ERROR = 2;
  public static final int DIVERGED = 3;

  public static void main(String[] args) {
    try {
      ResidentMemoryWatch.checkCap(); // started by the engine, once ND4J's settings are made
    } catch (UserError e) {
      System.err.println("error: " + e.getMessage());
      System.exit(USER_ERROR);
    }
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, cmd.getErr()));
    return cl.execute(args);
  }

  /** Maps what went wrong to one line and an exit code; a stack trace only for our own bugs. */
  static int handle(Exception e, PrintWriter err) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof UserError)
        && !(cause instanceof DivergedException)) {
      cause = cause.getCause();
    }
    if (cause instanceof UserError) {
      err.println("error: " + cause.getMessage());
      return USER_ERROR;
    }
    if (cause instanceof DivergedException) {
      err.println("error: " + cause.getMessage());
      return DIVERGED;
    }
    err.println("internal error: " + e);
    e.printStackTrace(err);
    return 1;
  }
}
