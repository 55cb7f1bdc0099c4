package lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.spec.ExperimentSpec;
import lab.train.Trainer;

/** One kind of experiment (xor, noisy-xor, mnist): its data, its printout, its charts. */
public interface Experiment {

  /** What a training run hands the results writer. */
  record Run(Trainer.Outcome outcome, Map<String, Object> summaryExtras, String dataSha256) {}

  /**
   * Trains the spec's network. May write extra files (data, predictions) into {@code dir}; the
   * runner writes metrics.csv, summary.json and the charts.
   */
  Run train(ExperimentSpec spec, Path dir, PrintStream console);

  /** Draws every chart of a complete results folder from its stored files alone. */
  void drawCharts(Path dir);

  /**
   * The sets whose accuracy summary.json reports, as train_accuracy, valid_accuracy, ...: a sweep
   * whose success criterion asks for another would fail every job without saying why.
   */
  default List<String> evaluatedSets() {
    return List.of("train");
  }
}
