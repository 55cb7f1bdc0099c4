package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.cli.Main;
import lab.core.Project;
import lab.results.Json;
import lab.sweep.SweepLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Help as a user sees it: --help and -h on every command (exit 0, an Examples section whose
 * commands parse and name things a fresh clone has), ./lab help COMMAND, usage errors as one line
 * with exit 2, one version string, and the completion script working in bash.
 */
class CommandHelpTest {
  static final String[] COMMANDS = {"list", "run", "charts", "keys", "trace", "data", "sweep",
      "compare", "eval", "predict", "report", "ui", "bench", "cluster", "completion", "help"};

  @ParameterizedTest
  @ValueSource(strings = {"list", "run", "charts", "keys", "trace", "data", "sweep", "compare",
      "eval", "predict", "report", "ui", "bench", "cluster", "completion"})
  void helpAndShortHelpExitZeroWithWorkingExamples(String command) {
    LabCli.Result longForm = LabCli.run(command, "--help");
    LabCli.Result shortForm = LabCli.run(command, "-h");
    assertEquals(0, longForm.code(), longForm.err());
    assertEquals(0, shortForm.code(), shortForm.err());
    assertEquals(longForm.out(), shortForm.out());
    assertTrue(longForm.out().startsWith("Usage: lab " + command), longForm.out());
    assertEquals("", longForm.err());
    List<String> examples = examples(longForm.out());
    assertFalse(examples.isEmpty(), "no examples in " + longForm.out());
    for (String example : examples) checkExample(command, example);
  }

  @Test
  void topLevelHelpListsEveryCommandAndHasExamples() {
    LabCli.Result r = LabCli.run("--help");
    assertEquals(0, r.code(), r.err());
    for (String c : COMMANDS) assertTrue(r.out().contains("\n  " + c + " "), c + ": " + r.out());
    for (String example : examples(r.out())) checkExample(null, example);
    assertEquals(r.out(), LabCli.run("help").out());
  }

  @Test
  void helpCommandShowsTheCommandsHelp() {
    LabCli.Result help = LabCli.run("help", "run");
    assertEquals(0, help.code(), help.err());
    assertEquals(LabCli.run("run", "--help").out(), help.out());
    assertTrue(help.out().contains("--set=KEY=VALUE"), help.out());

    LabCli.Result unknown = LabCli.run("help", "nosuch");
    assertEquals(2, unknown.code());
    assertOneLine(unknown.err(), "nosuch", "./lab --help");
  }

  @Test
  void usageErrorsAreOneLineWithExitTwo() {
    LabCli.Result unknownOption = LabCli.run("run", "xor-3hidden", "--nosuch");
    assertEquals(2, unknownOption.code());
    assertOneLine(unknownOption.err(), "Unknown option: '--nosuch'", "(see ./lab run --help)");

    LabCli.Result commandTypo = LabCli.run("rnu", "xor-3hidden");
    assertEquals(2, commandTypo.code());
    assertOneLine(commandTypo.err(), "unknown command 'rnu' (did you mean run?); commands: bench,",
        "(see ./lab --help)");
    assertFalse(commandTypo.err().contains("bench-worker"), commandTypo.err()); // hidden

    LabCli.Result nearMiss = LabCli.run("run", "xor-3hidden", "--engin", "dl4j");
    assertEquals(2, nearMiss.code());
    assertOneLine(nearMiss.err(), "did you mean --engine?", "(see ./lab run --help)");

    LabCli.Result missing = LabCli.run("trace");
    assertEquals(2, missing.code());
    assertOneLine(missing.err(), "Missing required parameter: 'NAME|PATH.yaml'",
        "(see ./lab trace --help)");

    LabCli.Result badNumber = LabCli.run("sweep", "xor-width-quick", "--parallel", "two");
    assertEquals(2, badNumber.code());
    assertOneLine(badNumber.err(), "'two' is not an int", "(see ./lab sweep --help)");

    LabCli.Result noOptions = LabCli.run("list", "--bad");
    assertEquals(2, noOptions.code());
    assertOneLine(noOptions.err(), "Unknown option: '--bad'", "(see ./lab list --help)");

    LabCli.Result unknownCommand = LabCli.run("lsit");
    assertEquals(2, unknownCommand.code());
    assertOneLine(unknownCommand.err(), "'lsit'", "(see ./lab --help)");
  }

  /** ./lab -V and the provenance of a result name the same version, the one Maven builds. */
  @Test
  void oneVersionEverywhere(@TempDir Path dir) throws IOException {
    LabCli.Result v = LabCli.run("-V");
    assertEquals(0, v.code());
    String pomVersion = pomVersion();
    assertEquals("mlp-lab " + pomVersion, v.out().strip());
    assertEquals(v.out(), LabCli.run("run", "-V").out());

    LabCli.Result run = LabCli.run("run", "xor-2-2-1-sgd", "--set", "epochs=2", "--set",
        "log_every=0", "--name", "xor-2-2-1-sgd", "--results", dir.toString());
    assertEquals(0, run.code(), run.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = (Map<String, Object>) Json.read(
        dir.resolve("xor-2-2-1-sgd").resolve("summary.json")).get("provenance");
    assertEquals(pomVersion, provenance.get("mlp_lab_version"));
  }

  /** The generated script, sourced in bash, completes command names and options. */
  @Test
  void completionScriptCompletesInBash(@TempDir Path dir) throws Exception {
    LabCli.Result r = LabCli.run("completion");
    assertEquals(0, r.code(), r.err());
    Path script = Files.writeString(dir.resolve("lab-completion.bash"), r.out());
    String probe = String.join("\n",
        "source '" + script + "'",
        "complete_line() { COMP_LINE=\"$1\"; COMP_POINT=${#1}; read -ra COMP_WORDS <<< \"$1\";",
        "  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _complete_lab 2>/dev/null;",
        "  echo \"$1 => ${COMPREPLY[*]}\"; }",
        "complete_line './lab tr'",
        "complete_line './lab run --en'",
        "complete -p lab", "");
    Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("./lab tr => trace\n"), out);
    assertTrue(out.contains("./lab run --en => --engine\n"), out);
    assertTrue(out.contains("_complete_lab"), out);
  }

  private static void assertOneLine(String err, String... parts) {
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("error: "), err);
    for (String part : parts) assertTrue(err.contains(part), "'" + part + "' not in: " + err);
  }

  /** The lines after "Examples:", each one whole (picocli wraps lines longer than 80). */
  static List<String> examples(String help) {
    int at = help.indexOf("\nExamples:\n");
    if (at < 0) return List.of();
    List<String> lines = new ArrayList<>();
    for (String line : help.substring(at + "\nExamples:\n".length()).split("\n")) {
      if (line.isBlank()) continue;
      assertTrue(line.startsWith("  ./lab ") || line.startsWith("  source <(./lab "),
          "an example line that is not a command (wrapped?): '" + line + "'");
      assertTrue(line.length() <= 80, "too long: " + line);
      lines.add(line.strip());
    }
    return lines;
  }

  /**
   * An example parses as ./lab's command line, and the experiment, sweep or result it names is
   * in a fresh clone.
   */
  static void checkExample(String command, String example) {
    String cmd = example.startsWith("source <(") ? example.substring(9, example.indexOf(')'))
        : example;
    cmd = cmd.split(" {2,}| \\| | > ")[0]; // the command, without its comment, pipe or redirect
    String[] words = cmd.split(" ");
    assertEquals("./lab", words[0], example);
    String[] args = Arrays.copyOfRange(words, 1, words.length);
    if (command != null) assertEquals(command, args[0], "example of another command: " + example);
    CommandLine.ParseResult parsed;
    try {
      parsed = new CommandLine(new Main()).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      fail("example does not parse: " + example + ": " + e.getMessage());
      return;
    }
    CommandLine.ParseResult sub = parsed.subcommand();
    List<String> positional = sub == null ? List.of() : sub.matchedPositionals().stream()
        .flatMap(p -> p.originalStringValues().stream()).toList();
    boolean ownResults = sub != null && sub.hasMatchedOption("--results");
    Path results = Project.home().resolve("results");
    switch (args[0]) {
      case "run", "trace" -> Project.specPath(positional.get(0)); // throws if there is none
      case "sweep" -> {
        if (!positional.isEmpty()) {
          SweepLoader.sweepPath(positional.get(0));
        } else {
          // A sweep defined by its options: a name no committed sweep has.
          String name = sub.matchedOptionValue("--name", "");
          assertFalse(name.isEmpty(), "a sweep without a file needs --name: " + example);
          assertFalse(Files.exists(results.resolve("sweeps").resolve(name)),
              "a fresh clone holds results/sweeps/" + name + ": " + example);
        }
      }
      case "compare" -> positional.forEach(s -> assertTrue(
          Files.isRegularFile(results.resolve("sweeps").resolve(s).resolve("sweep.yaml"))
              || Files.isRegularFile(results.resolve(s).resolve("summary.json")),
          "no stored sweep or result " + s + " for: " + example));
      case "charts" -> positional.forEach(s -> assertTrue(Files.isDirectory(results.resolve(s)),
          "no result " + s + " for: " + example));
      case "eval", "predict" -> assertTrue(
          Files.isRegularFile(results.resolve(positional.get(0)).resolve("model.zip")),
          "no saved model for: " + example);
      case "report" -> {
        String s = positional.get(0);
        String sweep = s.startsWith("sweeps/") ? s.substring(7) : s;
        assertTrue(Files.isRegularFile(results.resolve(s).resolve("summary.json"))
            || Files.isRegularFile(results.resolve("sweeps").resolve(sweep).resolve("sweep.yaml")),
            "no stored result or sweep for: " + example);
      }
      default -> { }
    }
    if (args[0].equals("sweep") && !positional.isEmpty() && !sub.hasMatchedOption("--resume")) {
      assertTrue(ownResults, "a fresh clone holds this sweep's results: " + example
          + " needs --results or --resume");
    }
  }

  private static String pomVersion() throws IOException {
    String pom = Files.readString(Project.home().resolve("pom.xml"));
    int artifact = pom.indexOf("<artifactId>mlp-lab</artifactId>");
    int from = pom.indexOf("<version>", artifact) + "<version>".length();
    return pom.substring(from, pom.indexOf("</version>", from));
  }
}
