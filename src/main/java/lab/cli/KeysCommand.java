package lab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab keys                   every key, by section",
        "  ./lab keys optimizer         the optimizer's keys"},
    description = "The spec keys by section, each with its default, meaning"
    + " and allowed values; PREFIX (e.g. optimizer, data.) shows only those.")
final class KeysCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX",
      description = "only keys starting with it (optimizer, model., data.train), else holding it")
  String prefix;

  @Override
  public Integer call() {
    System.out.print(KeysTable.text(KeysTable.select(prefix),
        KeysTable.width(System.getenv("COLUMNS"))));
    return 0;
  }
}
