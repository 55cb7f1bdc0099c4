package lab.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.experiment.ModelEvaluation;
import lab.experiment.StoredRun;
import lab.net.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab eval xor-3hidden                    on its four points",
        "  ./lab eval mnist-ch11 --data test         on the 10,000 test images",
        "  ./lab eval noisy-xor-mlp --data pts.csv   on x0,x1,label rows"},
    description = "Evaluate a run's saved model.zip with DL4J's Evaluation,"
    + " ROC and EvaluationCalibration: results/<name>/evaluation.json and charts.")
final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "a result folder of results/")
  String name;

  @Option(names = "--data", paramLabel = "train|valid|test|FILE",
      description = "the set to evaluate (default: every set of the run); FILE: a CSV of"
          + " x0,x1,label rows (XOR and noisy XOR)")
  String data;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where result folders are (default: results/ of the project)")
  Path results;

  @Override
  public Integer call() {
    Engines.prepareProcess(true); // plain DL4J restores and runs the model
    StoredRun run = StoredRun.open(Project.resultsRoot(results), name);
    var sets = run.sets(data);
    var net = run.model();
    sets.forEach((set, d) -> run.checkColumns(net, d.getFeatures().columns(),
        data != null ? "--data " + data : "the " + set + " set"));
    Map<String, Object> entries =
        ModelEvaluation.write(run.dir(), run.spec().name(), net, sets, true);
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) e.getValue();
      System.out.printf("%s: %s examples, accuracy %.4f, macro F1 %s%s%n", e.getKey(),
          m.get("examples"), (Double) m.get("accuracy"), m.get("f1_macro"),
          m.containsKey("roc_auc") ? ", ROC AUC " + m.get("roc_auc") : "");
    }
    System.out.println("-> " + run.dir().resolve(ModelEvaluation.FILE));
    return 0;
  }
}
