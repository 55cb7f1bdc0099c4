package lab.cli;

import java.util.concurrent.Callable;
import lab.spec.Field;
import lab.spec.SpecSchema;
import picocli.CommandLine.Command;

@Command(name = "keys", description = "Every spec key with its default and meaning.")
final class KeysCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Field f : SpecSchema.fields().values()) {
      System.out.printf("%-20s default %-16s %s%n    allowed: %s; experiments: %s%n", f.key(),
          f.defaultValue() == null ? "(none)" : f.defaultValue(), f.description(),
          f.type().allowed(), String.join(", ", f.experiments().stream().sorted().toList()));
    }
    return 0;
  }
}
