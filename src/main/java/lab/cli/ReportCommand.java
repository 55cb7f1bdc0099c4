package lab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.ui.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab report xor-3hidden                   reports/xor-3hidden.html",
        "  ./lab report sweeps/xor-width              a sweep's page",
        "  ./lab report mnist-ch11 --out /tmp/m.html  written where you say"},
    description = "Write one self-contained HTML page of a result or a sweep (opens offline).")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|SWEEP",
      description = "a folder of results/ (e.g. xor-3hidden) or a sweep (sweeps/NAME or NAME)")
  String name;

  @Option(names = "--out", paramLabel = "FILE",
      description = "the HTML file (default: reports/NAME.html in the project folder)")
  Path out;

  @Option(names = "--results", paramLabel = "DIR", description = "the results folder")
  Path results;

  @Override
  public Integer call() {
    if (out != null && out.toString().isBlank()) {
      throw new UserError("--out '" + out + "': empty; allowed: the path of an HTML file to"
          + " write, e.g. --out /tmp/" + name.replace('/', '-') + ".html");
    }
    if (out != null && Files.isDirectory(out)) {
      throw new UserError("--out " + out + ": a folder; allowed: the path of an HTML file to"
          + " write, e.g. --out " + out.resolve(name.replace('/', '-') + ".html"));
    }
    Path target = out != null ? out
        : Project.home().resolve("reports").resolve(name.replace('/', '-') + ".html");
    Path written = ReportWriter.write(Project.resultsRoot(results), name, target);
    System.out.println("wrote " + written);
    return 0;
  }
}
