package lab.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lab.core.Together;
import lab.net.EngineChoice;
import lab.net.Engines;
import lab.net.MemoryEstimate;
import lab.net.ModelZip;
import lab.results.Json;
import lab.results.Yaml;
import lab.results.LiveProgress;
import lab.results.MetricsTable;
import lab.results.Provenance;
import lab.results.ResultsFolder;
import lab.results.RunNames;
import lab.results.RunSummary;
import lab.spec.ExperimentSpec;
import lab.spec.Overrides;
import lab.train.Checkpoints;
import lab.train.DivergedException;
import lab.train.Trainer;

/**
 * The one results writer: runs an experiment into a temporary folder, writes its resolved spec,
 * metrics.csv, summary.json and charts, and moves the folder into place only when all is written.
 */
public final class ExperimentRunner {
  private ExperimentRunner() {}

  /**
   * results/NAME/ for a run of the default engine; results/NAME-ENGINE/ (NAME-scratch,
   * NAME-dl4j-stock) for another, so that it sits beside the reference result instead of
   * replacing it.
   */
  public static String folderName(ExperimentSpec spec) {
    return Engines.DL4J.equals(spec.engine()) ? spec.name() : spec.name() + "-" + spec.engine();
  }

  /**
   * The folder of a run from the command line: {@code --name NAME} gives results/NAME/;
   * otherwise {@link #folderName(ExperimentSpec)}, followed by {@code @KEY=VALUE,...} when
   * {@code --set} changed any key (see {@link RunNames}), so that only a run of the spec itself
   * writes the reference result. The values are the spec's checked ones, so {@code seed=07} and
   * {@code seed=7} give the same folder.
   */
  public static String folderName(ExperimentSpec spec, Overrides overrides, boolean named) {
    if (named) return spec.name();
    Map<String, Object> changed = new LinkedHashMap<>();
    for (String key : overrides.setKeys()) {
      if (key.equals("name") || key.equals("engine")) continue; // the name and engine suffix
      changed.put(key, spec.values().get(key));
    }
    return RunNames.folder(folderName(spec), changed);
  }

  public static Map<String, Object> run(ExperimentSpec spec, Path target, PrintStream console) {
    return run(spec, target, console, true);
  }

  /**
   * As {@link #run(ExperimentSpec, Path, PrintStream)}; {@code charts} false leaves the charts out
   * (a sweep's jobs: hundreds of runs whose charts nobody opens; {@code ./lab charts} can still
   * draw them later from the stored files).
   */
  public static Map<String, Object> run(
      ExperimentSpec spec, Path target, PrintStream console, boolean charts) {
    Experiment experiment = Experiments.forKind(spec.experiment());
    // A spec the scratch engine cannot train is refused before any folder or data is touched.
    if ("scratch".equals(spec.engine())) lab.scratch.ScratchNetwork.check(spec);
    MemoryEstimate.check(spec, "spec " + spec.name());
    experiment.readAhead(spec);
    EngineChoice choice = Engines.choose(spec.engine());
    if (choice.fallback() != null) {
      console.println("engine: dl4j falls back to dl4j-stock: " + choice.fallback());
    }
    return write(spec, target, charts, false, dir -> experiment.train(spec, dir, console));
  }

  /**
   * As {@link #run(ExperimentSpec, Path, PrintStream, boolean)}, continuing an interrupted run of
   * the same spec from its last checkpoint (lab.train.Checkpoints) when its in-progress folder is
   * still there, else from the start.
   */
  public static Map<String, Object> resume(
      ExperimentSpec spec, Path target, PrintStream console, boolean charts) {
    Experiment experiment = Experiments.forKind(spec.experiment());
    if ("scratch".equals(spec.engine())) lab.scratch.ScratchNetwork.check(spec);
    experiment.readAhead(spec);
    EngineChoice choice = Engines.choose(spec.engine());
    if (choice.fallback() != null) {
      console.println("engine: dl4j falls back to dl4j-stock: " + choice.fallback());
    }
    return write(spec, target, charts, true, dir -> experiment.train(spec, dir, console));
  }

  /**
   * As {@link #resume}, continuing from the checkpoint in {@code folder}, an in-progress folder
   * set aside elsewhere (a sweep's interrupted job, see lab.results.ResultsFolder#shelveStale);
   * the result is moved from it to {@code target} when complete.
   */
  public static Map<String, Object> resumeFrom(ExperimentSpec spec, Path folder, Path target,
      PrintStream console, boolean charts) {
    Experiment experiment = Experiments.forKind(spec.experiment());
    if ("scratch".equals(spec.engine())) lab.scratch.ScratchNetwork.check(spec);
    return write(spec, ResultsFolder.adopt(folder, target), charts,
        dir -> experiment.train(spec, dir, console));
  }

  /**
   * Writes the result of a run already trained elsewhere (e.g. with other runs in one stacked
   * network), exactly as {@link #run} writes a run it trains.
   */
  public static Map<String, Object> record(
      ExperimentSpec spec, Path target, Experiment.Run run, boolean charts) {
    return write(spec, target, charts, false, dir -> run);
  }

  /**
   * As {@link #record} for several runs trained together (a stacked sweep group): every folder is
   * written, then all are committed together ({@link ResultsFolder#commitAll}: one flush to disk
   * for all instead of one per job). Returns the summaries in order.
   */
  public static java.util.List<Map<String, Object>> recordAll(java.util.List<ExperimentSpec> specs,
      java.util.List<Path> targets, java.util.List<Experiment.Run> runs) {
    java.util.List<ResultsFolder> folders = new java.util.ArrayList<>();
    java.util.List<Map<String, Object>> summaries = new java.util.ArrayList<>();
    try {
      for (int k = 0; k < specs.size(); k++) {
        Experiment.Run run = runs.get(k);
        ResultsFolder folder = ResultsFolder.begin(targets.get(k));
        folders.add(folder);
        summaries.add(fill(specs.get(k), folder, false, dir -> run));
      }
      ResultsFolder.commitAll(folders);
      return summaries;
    } finally {
      for (ResultsFolder f : folders) f.close();
    }
  }

  /** {@code train} gets the folder being written, for any extra files the experiment writes. */
  static Map<String, Object> write(ExperimentSpec spec, Path target, boolean charts,
      Function<Path, Experiment.Run> train) {
    return write(spec, target, charts, false, train);
  }

  /** As above; {@code resume} continues the in-progress folder of an interrupted run. */
  static Map<String, Object> write(ExperimentSpec spec, Path target, boolean charts,
      boolean resume, Function<Path, Experiment.Run> train) {
    ResultsFolder reopened =
        resume ? ResultsFolder.reopen(target, d -> Checkpoints.checkedEpochIn(d, spec)) : null;
    return write(spec, reopened != null ? reopened : ResultsFolder.begin(target), charts, train);
  }

  /** Writes the run into {@code opened} and commits it; closes it in any case. */
  private static Map<String, Object> write(ExperimentSpec spec, ResultsFolder opened,
      boolean charts, Function<Path, Experiment.Run> train) {
    try (ResultsFolder folder = opened) {
      Map<String, Object> summary = fill(spec, folder, charts, train);
      folder.commit();
      return summary;
    }
  }

  /** Writes every file of a run into {@code folder}, uncommitted; returns its summary. */
  private static Map<String, Object> fill(ExperimentSpec spec, ResultsFolder folder,
      boolean charts, Function<Path, Experiment.Run> train) {
    Experiment experiment = Experiments.forKind(spec.experiment());
    Provenance.askGitEarly();
    Path dir = folder.dir();
    Yaml.write(dir.resolve("spec.yaml"), spec.toNested());
    Experiment.Run run;
    EndWarmUp warmUp = charts ? EndWarmUp.start() : null;
    try {
      run = LiveProgress.during(dir, () -> train.apply(dir));
    } catch (OutOfMemoryError | RuntimeException e) {
      if (!AllocationFailure.is(e)) throw e;
      throw AllocationFailure.report(spec, folder, e);
    } finally {
      if (warmUp != null) warmUp.cancel();
    }
    Integer resumedFrom = Checkpoints.resumedFrom(dir);
    run.outcome().metrics().write(dir.resolve("metrics.csv"));
    Map<String, Object> summary = summary(spec, run);
    if (resumedFrom != null) summary.put("resumed_from_epoch", resumedFrom);
    summary.put("model", saveModel(dir, run));
    Json.write(dir.resolve("summary.json"), summary);
    // The model's evaluation (evaluation.json, then its charts) and the run's charts read only
    // what is written by now and write files of their own: done side by side.
    List<Runnable> rest = new ArrayList<>();
    if (run.network() != null) {
      rest.add(() -> {
        Map<String, Object> evaluation = recordEvaluation(spec, dir, experiment, run);
        if (charts) ModelEvaluation.drawCharts(dir, spec.name(), evaluation);
      });
    }
    if (charts) rest.add(() -> experiment.drawCharts(dir));
    Together.run(rest);
    // Only now, every file written: a process stopped before this point leaves its last
    // checkpoint for --resume, not a folder with the epochs' work lost.
    Checkpoints.removeAll(dir);
    return summary;
  }

  /**
   * Saves the run's trained DL4J network as model.zip (see lab.net.ModelZip) and returns what
   * summary.json says of it.
   */
  static Map<String, Object> saveModel(Path dir, Experiment.Run run) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (run.network() == null) {
      m.put("file", null);
      m.put("note", "not saved: the scratch engine's network has no DL4J format; the DL4J"
          + " network trained beside it is compared in engine_comparison");
      return m;
    }
    Path file = dir.resolve(ModelZip.FILE);
    ModelZip.write(run.network(), file, run.updaterSaved());
    m.put("file", ModelZip.FILE);
    m.put("format", "DL4J ModelSerializer: configuration JSON, parameters"
        + (run.updaterSaved() ? ", updater state" : " (no updater state: a stacked sweep job)"));
    m.put("updater_state", run.updaterSaved());
    m.put("parameters", run.network().numParams());
    try {
      m.put("bytes", Files.size(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return m;
  }

  /**
   * evaluation.json of a finished run: its validation and test sets where it has them, else its
   * training set (XOR's four points); returns the entries by set, for the charts. Nothing for an
   * experiment without classes.
   */
  static Map<String, Object> recordEvaluation(ExperimentSpec spec, Path dir,
      Experiment experiment, Experiment.Run run) {
    Map<String, org.nd4j.linalg.dataset.DataSet> sets = new LinkedHashMap<>(
        run.evaluationSets() != null ? run.evaluationSets() : experiment.evaluationSets(spec, dir));
    if (sets.size() > 1) sets.remove("train");
    if (sets.isEmpty()) return Map.of();
    return ModelEvaluation.write(dir, spec.name(), run.network(), sets, false);
  }

  /**
   * Records a run whose loss became NaN or infinite, as a complete folder (spec.yaml and a
   * summary.json with {@code diverged: true} and no metrics), so that a sweep counts the job as
   * done and does not rerun it on resume: the same spec diverges again.
   */
  public static Map<String, Object> recordDiverged(
      ExperimentSpec spec, Path target, DivergedException e, double seconds) {
    try (ResultsFolder folder = ResultsFolder.begin(target)) {
      Path dir = folder.dir();
      Yaml.write(dir.resolve("spec.yaml"), spec.toNested());
      Map<String, Object> s = identity(spec);
      s.put("diverged", true);
      s.put("diverged_epoch", e.epoch());
      s.put("message", e.getMessage());
      s.put("final_train_loss", null);
      s.put("train_seconds", seconds);
      putEngine(s, spec);
      s.put("spec", spec.toNested());
      Map<String, Object> provenance = Provenance.collect(spec.canonicalText(), null);
      provenance.put("substitutions", Engines.choose(spec.engine()).substitutions());
      s.put("provenance", provenance);
      Json.write(dir.resolve("summary.json"), s);
      folder.commit();
      return s;
    }
  }

  /**
   * The engine that actually trained the run (dl4j, dl4j-stock or scratch) and, when a dl4j run
   * fell back to stock DL4J, why.
   */
  private static void putEngine(Map<String, Object> s, ExperimentSpec spec) {
    EngineChoice choice = Engines.choose(spec.engine());
    s.put("engine", Engines.SCRATCH.equals(spec.engine()) ? Engines.SCRATCH : choice.engine());
    if (choice.fallback() != null) s.put("engine_fallback", choice.fallback());
  }

  /** The first keys of every summary.json: which experiment, seed and length. */
  private static Map<String, Object> identity(ExperimentSpec spec) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", spec.name());
    s.put("experiment", spec.experiment());
    s.put("description", spec.description());
    s.put("seed", spec.seed());
    s.put("epochs", spec.epochs());
    return s;
  }

  static Map<String, Object> summary(ExperimentSpec spec, Experiment.Run run) {
    Trainer.Outcome outcome = run.outcome();
    MetricsTable m = outcome.metrics();
    Map<String, Object> s = identity(spec);
    // The last recorded row, or early stopping's best one when it restored that epoch.
    s.put("final_train_loss", outcome.finalValue("train_loss"));
    // A regression has no accuracy column, and so no accuracy in its summary either.
    if (m.has("train_accuracy")) s.put("train_accuracy", outcome.finalValue("train_accuracy"));
    for (String set : new String[] {"valid", "test"}) {
      if (m.has(set + "_loss")) s.put(set + "_loss", outcome.finalValue(set + "_loss"));
      if (m.has(set + "_accuracy")) {
        s.put(set + "_accuracy", outcome.finalValue(set + "_accuracy"));
      }
    }
    if (outcome.earlyStopping() != null) {
      s.put("early_stopping", outcome.earlyStopping().summary());
    }
    s.put("train_seconds", outcome.trainSeconds());
    s.put("epoch_seconds", outcome.medianEpochSeconds());
    s.putAll(run.summaryExtras());
    putEngine(s, spec);
    s.put("spec", spec.toNested());
    Map<String, Object> provenance = Provenance.collect(spec.canonicalText(), run.dataSha256());
    provenance.put("substitutions", Engines.choose(spec.engine()).substitutions());
    s.put("provenance", provenance);
    return s;
  }

  /** Redraws the charts of a complete results folder without training. */
  public static void redrawCharts(Path dir) {
    RunSummary summary = RunSummary.read(dir);
    if (summary.diverged()) {
      throw new lab.core.UserError(dir + ": the run diverged (its loss became NaN or infinite at"
          + " epoch " + summary.all().get("diverged_epoch") + "): it has no metrics to chart");
    }
    Experiments.forKind(summary.experiment()).drawCharts(dir);
  }

  public static boolean isResultFolder(Path dir) {
    return Files.isRegularFile(dir.resolve("summary.json"));
  }
}
