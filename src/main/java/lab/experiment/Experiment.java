package lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.spec.ExperimentSpec;
import lab.train.Trainer;
import org.nd4j.linalg.dataset.DataSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** One kind of experiment (xor, noisy-xor, mnist): its data, its printout, its charts. */
public interface Experiment {

  /**
   * What a training run hands the results writer. {@code network} is the trained DL4J network the
   * writer saves as model.zip (null when there is none, e.g. the scratch engine's), with its
   * updater state when {@code updaterSaved}. {@code evaluationSets}: the sets the run was trained
   * and measured on, which the writer evaluates the model on instead of building them again from
   * the spec ({@link #evaluationSets}); null when the run does not hand them over.
   */
  record Run(Trainer.Outcome outcome, Map<String, Object> summaryExtras, String dataSha256,
      MultiLayerNetwork network, boolean updaterSaved, Map<String, DataSet> evaluationSets) {
    Run(Trainer.Outcome outcome, Map<String, Object> summaryExtras, String dataSha256,
        MultiLayerNetwork network, boolean updaterSaved) {
      this(outcome, summaryExtras, dataSha256, network, updaterSaved, null);
    }

    Run(Trainer.Outcome outcome, Map<String, Object> summaryExtras, String dataSha256) {
      this(outcome, summaryExtras, dataSha256, null, false);
    }

    Run(Trainer.Outcome outcome, Map<String, Object> summaryExtras, String dataSha256,
        lab.train.Model model) {
      this(outcome, summaryExtras, dataSha256, model.network(), model.network() != null);
    }
  }

  /**
   * Trains the spec's network. May write extra files (data, predictions) into {@code dir}; the
   * runner writes metrics.csv, summary.json and the charts.
   */
  Run train(ExperimentSpec spec, Path dir, PrintStream console);

  /** Draws every chart of a complete results folder from its stored files alone. */
  void drawCharts(Path dir);

  /**
   * Called before the engine loads (ND4J takes most of a second to), to start reading the spec's
   * data meanwhile; {@link #train} must not depend on it. Nothing by default.
   */
  default void readAhead(ExperimentSpec spec) {}

  /**
   * The sets whose accuracy summary.json reports, as train_accuracy, valid_accuracy, ...: a sweep
   * whose success criterion asks for another would fail every job without saying why.
   */
  default List<String> evaluatedSets() {
    return List.of("train");
  }

  /**
   * The labeled sets a saved model of a complete (or in-progress) results folder {@code dir} can
   * be evaluated on, by name (train, valid, test), read or rebuilt from the spec and the folder;
   * empty when the experiment has no classes (the regression).
   */
  default Map<String, DataSet> evaluationSets(ExperimentSpec spec, Path dir) {
    return Map.of();
  }
}
