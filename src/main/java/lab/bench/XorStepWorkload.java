package lab.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import lab.experiment.XorExperiment;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import lab.train.Model;
import lab.train.Trainer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The xor-3hidden recipe (2-2-2-2-1 sigmoid, BCE, Adam, the four points as one batch): time per
 * training step, through the same Trainer, batch source and network builder as ./lab run. A round
 * is a fresh network trained {@code steps} steps; evaluation happens only before the first and
 * after the last step and is not timed.
 */
final class XorStepWorkload implements InProcessWorkload {
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private final ExperimentSpec spec;
  private final int steps;
  private final int warmUp;
  private final int rounds;

  XorStepWorkload(ExperimentSpec xor3hidden, int steps, int warmUp, int rounds) {
    this.spec = xor3hidden.with(Map.of("epochs", steps, "record_every", steps, "log_every", 0));
    this.steps = steps;
    this.warmUp = warmUp;
    this.rounds = rounds;
  }

  @Override
  public int warmUpRounds() {
    return warmUp;
  }

  @Override
  public int rounds() {
    return rounds;
  }

  /** A step on the four points: forward and backward multiply-adds of each, 2 flops each. */
  @Override
  public double flopsPerUnit() {
    return 2.0 * 4 * MnistEpochWorkload.multiplyAddsPerImage(NetworkFactory.widths(spec, 2, 1));
  }

  @Override
  public String id() {
    return "xor_step";
  }

  @Override
  public String title() {
    return "XOR 2-2-2-2-1 Adam, one full-batch step";
  }

  @Override
  public String label() {
    return "XOR step";
  }

  @Override
  public String unit() {
    return "step";
  }

  @Override
  public double unitsPerRound() {
    return steps;
  }

  @Override
  public double dl4jRound() {
    DataSet data = XorExperiment.dataSet(spec.isDouble(), spec.integer("data.repeat"));
    Model net = Model.of(NetworkFactory.build(spec, 2, 1));
    return new Trainer(spec, QUIET)
        .train(net, XorExperiment.batches(spec, data), Trainer.sets("train", data))
        .updateSeconds();
  }

  @Override
  public Map<String, Object> torchRequest() {
    Map<String, Object> r = TorchRecipe.of(spec, 2, 1);
    r.put("steps", steps);
    return r;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("spec", "experiments/xor-3hidden.yaml");
    d.put("recipe", TorchRecipe.of(spec, 2, 1));
    d.put("steps_per_round", steps);
    return d;
  }

  @Override
  public String shown(double secondsPerUnit) {
    return String.format("%.0f us/step", secondsPerUnit * 1e6);
  }
}
