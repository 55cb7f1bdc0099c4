package lab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.core.Project;
import lab.core.ResidentMemoryWatch;
import lab.core.UserError;
import lab.net.Engines;
import lab.spec.ExperimentSpec;
import lab.spec.Overrides;
import lab.spec.SpecLoader;
import lab.train.DivergedException;

/**
 * What each experiment class's {@code main} does: {@code SPEC.yaml [--set KEY=VALUE ...]}, the
 * spec's run into results/, like {@code ./lab run} without the rest of the command line. Exit
 * codes as ./lab's: 0 done, 2 a user error, 3 diverged.
 */
final class ExperimentMain {
  private ExperimentMain() {}

  static int run(String kind, String[] args) {
    try {
      ResidentMemoryWatch.checkCap();
      if (args.length == 0) {
        throw new UserError("usage: java ... <experiment main class> SPEC.yaml"
            + " [--set KEY=VALUE ...]");
      }
      List<String> overrides = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        if (!args[i].equals("--set") || i + 1 == args.length) {
          throw new UserError(args[i] + ": not allowed; allowed after the spec: --set KEY=VALUE");
        }
        overrides.add(args[++i]);
      }
      Path file = Project.specPath(args[0]);
      Overrides given = Overrides.of(overrides);
      ExperimentSpec spec = SpecLoader.load(file, given);
      if (!kind.equals(spec.experiment())) {
        throw new UserError(file + ": experiment: " + spec.experiment() + " is not allowed here;"
            + " this main class runs experiment " + kind);
      }
      Engines.prepareProcess(Engines.STOCK.equals(spec.engine()));
      Path target = Project.resultsRoot(null).resolve(
          ExperimentRunner.folderName(spec, given, false));
      Map<String, Object> summary = ExperimentRunner.run(spec, target, System.out);
      System.out.println("final train loss " + summary.get("final_train_loss") + " -> " + target);
      return 0;
    } catch (UserError | DivergedException e) {
      System.err.println("error: " + e.getMessage());
      return e instanceof UserError ? 2 : 3;
    }
  }
}
