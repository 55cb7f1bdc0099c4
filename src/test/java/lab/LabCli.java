package lab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.cli.Main;

/**
 * Runs ./lab's command line in-process and captures its exit code, output and errors; or gives
 * the command that starts it in a JVM of its own ({@link #childJvm}).
 */
public final class LabCli {
  public record Result(int code, String out, String err) {}

  private LabCli() {}

  public static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /**
   * The start of a command running ./lab's command line in a JVM of its own, as the launcher
   * would: this JVM's java, headless, {@code jvmOptions}, the test class path and the main class;
   * append the command and its arguments.
   */
  public static List<String> childJvm(String... jvmOptions) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true"));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "lab.cli.Main"));
    return cmd;
  }
}
