package lab.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.mnist.MnistData;
import lab.spec.ExperimentSpec;

/**
 * The whole `./lab run mnist-ch11` as a user feels it: the wall clock of a JVM started as the
 * launcher starts it (java, the launcher's system properties, the class path, lab.cli.Main run),
 * from its start to its exit: start-up, data check and load, 50 epochs with metrics on the
 * training and validation images after each, the test images at the end, the result folder and
 * its charts. PyTorch's peer is bench/torch_mnist_run.py doing the same work in a Python process
 * started from scratch. --quick cuts the run to {@value #QUICK_EPOCHS} epochs of
 * {@value #QUICK_TRAIN_LIMIT} training images.
 */
final class WholeRunWorkload implements Workload {
  static final int QUICK_EPOCHS = 2;
  static final int QUICK_TRAIN_LIMIT = 1000;

  private final ExperimentSpec spec;
  private final boolean quick;
  private final Path cache;

  WholeRunWorkload(ExperimentSpec mnistCh11, boolean quick, Path cache) {
    this.spec = quick ? mnistCh11.with(Map.of("epochs", QUICK_EPOCHS, "data.train_limit",
        QUICK_TRAIN_LIMIT)) : mnistCh11;
    this.quick = quick;
    this.cache = cache;
  }

  /** The arguments after lab.cli.Main: what the user types after ./lab. */
  List<String> labArguments(String engine, Path results) {
    List<String> args = new ArrayList<>(List.of("run", "mnist-ch11", "--engine", engine,
        "--results", results.toString()));
    if (quick) {
      args.addAll(List.of("--set", "epochs=" + QUICK_EPOCHS, "--set",
          "data.train_limit=" + QUICK_TRAIN_LIMIT));
    }
    return args;
  }

  /** A short run of the same spec (1 epoch, 1,000 images), for the launcher's warm-up. */
  List<String> warmUpArguments(Path results) {
    return List.of("run", "mnist-ch11", "--engine", "dl4j", "--results", results.toString(),
        "--set", "epochs=1", "--set", "data.train_limit=1000");
  }

  /** What bench/torch_mnist_run.py reads on stdin. */
  Map<String, Object> torchRequest(Path out) {
    Map<String, Object> r = TorchRecipe.of(spec, MnistData.PIXELS, MnistData.CLASSES);
    r.put("epochs", spec.epochs());
    r.put("batch", spec.batch());
    r.put("valid_size", spec.integer("data.valid_size"));
    r.put("train_limit", spec.integer("data.train_limit"));
    r.put("cache", cache.toString());
    r.put("out", out.toString());
    return r;
  }

  private int trainImages() {
    int limit = spec.integer("data.train_limit");
    int all = 60_000 - spec.integer("data.valid_size");
    return limit > 0 ? Math.min(limit, all) : all;
  }

  /**
   * Training (forward and backward, as {@link MnistEpochWorkload}) plus the evaluations: a
   * forward pass over the training and validation images before training and after every epoch,
   * and over the 10,000 test images once.
   */
  @Override
  public double flopsPerUnit() {
    int[] widths = MnistEpochWorkload.widths(spec);
    double train = 2.0 * MnistEpochWorkload.multiplyAddsPerImage(widths) * trainImages()
        * spec.epochs();
    double forward = 2.0 * MnistEpochWorkload.forwardMultiplyAdds(widths);
    double eval = forward * ((spec.epochs() + 1.0) * (trainImages()
        + spec.integer("data.valid_size")) + 10_000);
    return train + eval;
  }

  @Override
  public String id() {
    return "whole_run";
  }

  @Override
  public String title() {
    return "./lab run mnist-ch11, " + spec.epochs() + " epochs, wall clock";
  }

  @Override
  public String label() {
    return "mnist-ch11 run";
  }

  @Override
  public String unit() {
    return "run";
  }

  @Override
  public double unitsPerRound() {
    return 1;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("spec", "experiments/mnist-ch11.yaml");
    d.put("recipe", TorchRecipe.of(spec, MnistData.PIXELS, MnistData.CLASSES));
    d.put("epochs", spec.epochs());
    d.put("train_images", trainImages());
    d.put("dl4j", (EngineRuns.launcher() != null ? "./lab " : "a new JVM: java"
        + " -Djava.awt.headless=true -Dlab.home=... -cp ... lab.cli.Main ")
        + String.join(" ", labArguments("ENGINE", Path.of("TMP"))));
    d.put("pytorch", "a new /usr/bin/python3 bench/torch_mnist_run.py (metrics.csv and"
        + " summary.json written)");
    d.put("flop_formula", "training as mnist_epoch, plus 2 * forward multiply-adds per image *"
        + " ((epochs + 1) * (train + valid images) + 10,000 test images)");
    return d;
  }

  @Override
  public String shown(double secondsPerUnit) {
    return String.format("%.1f s/run", secondsPerUnit);
  }
}
