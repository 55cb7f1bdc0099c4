package lab.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import lab.core.BlasLibrary;
import lab.core.Platform;
import lab.core.ResidentMemoryWatch;
import lab.core.UserError;
import lab.results.Provenance;
import lab.spec.SpecLoader;
import lab.train.DivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code ./lab} command line. Exit codes: 0 done, 1 internal failure, 2 user error, 3 diverged. */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Reproducible multilayer-perceptron experiments on Deeplearning4j.",
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab list                     the experiments there are",
        "  ./lab run xor-3hidden          train one and write results/xor-3hidden/",
        "  ./lab help run                 the options and examples of one command"},
    subcommands = {ListCommand.class, RunCommand.class, ChartsCommand.class, KeysCommand.class,
        TraceCommand.class, DataCommand.class, SweepCommand.class, CompareCommand.class,
        EvalCommand.class, PredictCommand.class, BenchCommand.class, BenchWorkerCommand.class, UiCommand.class,
        ReportCommand.class, ClusterCommand.class, HelpCommand.class, CompletionCommand.class})
public final class Main {
  public static final int USER_ERROR = 2;
  public static final int DIVERGED = 3;

  public static void main(String[] args) {
    try {
      // Before ND4J loads: a machine without a binary, or a build for another one, is one line.
      Platform.check(System.getProperty("os.name"), System.getProperty("os.arch"),
          Provenance.build().getProperty("nd4j.classifier"));
      ResidentMemoryWatch.checkCap(); // started by the engine, once ND4J's settings are made
      // The OpenBLAS under ND4J, for every command: the bench's own process, which loads ND4J
      // only to record its provenance, names the library its engines' processes use.
      BlasLibrary.chooseBeforeNd4jLoads();
    } catch (UserError e) {
      System.err.println("error: " + e.getMessage());
      System.exit(USER_ERROR);
    }
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, cmd.getErr()));
    cl.setParameterExceptionHandler((e, given) -> usageError(e, given));
    return cl.execute(args);
  }

  /**
   * A command line picocli cannot parse: one line naming what is wrong, near matches when picocli
   * has them, and where the help is. {@code ./lab} alone prints the overview.
   */
  static int usageError(ParameterException e, String[] given) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (given.length == 0) {
      cmd.usage(err);
      return USER_ERROR;
    }
    String unknown = unknownCommand(e, given);
    if (unknown != null) {
      err.println("error: " + unknown + " (see ./lab --help)");
      err.flush();
      return USER_ERROR;
    }
    StringBuilder line = new StringBuilder("error: ")
        .append(e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ").replaceFirst("\\.$", ""));
    if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line.append("; did you mean ").append(String.join(" or ", u.getSuggestions())).append('?');
    }
    String name = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+", "./lab");
    err.println(line.append(" (see ").append(name).append(" --help)"));
    err.flush();
    return USER_ERROR;
  }

  /**
   * "unknown command 'rnu' (did you mean run?); commands: ..." when the first word of the line is
   * neither a command nor an option; null otherwise. picocli itself only says "Unmatched
   * argument" there and suggests nothing for a typo in a command's name.
   */
  static String unknownCommand(ParameterException e, String[] given) {
    if (!(e instanceof UnmatchedArgumentException)
        || e.getCommandLine().getParent() != null || given.length == 0
        || given[0].startsWith("-")) {
      return null;
    }
    Set<String> commands = new TreeSet<>(e.getCommandLine().getSubcommands().keySet());
    commands.removeIf(c -> e.getCommandLine().getSubcommands().get(c).getCommandSpec()
        .usageMessage().hidden());
    if (commands.contains(given[0])) return null;
    return "unknown command '" + given[0] + "'" + SpecLoader.didYouMean(given[0], commands)
        + "; commands: " + String.join(", ", commands);
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
    // A file or folder the operating system refused (no permission, read-only, a file where a
    // folder belongs, a full disk): the machine's state, not a bug, so one line naming it.
    if (cause instanceof java.nio.file.FileSystemException f) {
      err.println("error: " + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile()
          : "") + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName())
          + "; nothing earlier was replaced (check the folder's permissions, type and free space)");
      return USER_ERROR;
    }
    if (cause instanceof java.io.IOException io && io.getMessage() != null
        && io.getMessage().contains("No space left on device")) {
      err.println("error: no space left on the device (" + io.getMessage() + "); nothing earlier"
          + " was replaced");
      return USER_ERROR;
    }
    err.println("internal error: " + e);
    e.printStackTrace(err);
    return 1;
  }
}
