package lab.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the bash/zsh completion script that picocli generates from the command definitions. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Print a bash/zsh completion script for ./lab: commands and their options.",
    footerHeading = "%nExamples:%n", footer = {
        "  source <(./lab completion)   completion in this shell (bash or zsh)",
        "  ./lab completion > ~/.lab-completion.bash   then source it in ~/.bashrc"})
final class CompletionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    System.out.print(AutoComplete.bash(root.getCommandName(), root));
    return 0;
  }
}
