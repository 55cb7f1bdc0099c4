package lab.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import lab.experiment.MnistExperiment;
import lab.mnist.MnistData;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import lab.train.Model;
import lab.train.Trainer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The mnist-ch11 recipe (784-50-10 sigmoid, summed squared error, SGD lr 0.1, batch 100): one
 * epoch of minibatches reshuffled from the seed, through the same Trainer and batch source as
 * ./lab run. A round is a fresh network trained one epoch on {@code images} training images
 * (55,000 for the real bench); its time is scaled to an epoch of {@value #EPOCH_IMAGES}. The
 * images are read in the worker process on its first round, never in the process that runs the
 * bench.
 */
final class MnistEpochWorkload implements InProcessWorkload {
  /** The book's training set: what "one epoch" means in the table. */
  static final int EPOCH_IMAGES = 55_000;

  private final ExperimentSpec spec;
  private final Path cache;
  private final int images;
  private final int warmUp;
  private final int rounds;
  private DataSet train;
  private DataSet evalSet;

  MnistEpochWorkload(ExperimentSpec mnistCh11, Path cache, int images, int warmUp, int rounds) {
    this.spec = mnistCh11.with(Map.of("epochs", 1, "record_every", 1, "log_every", 0));
    this.cache = cache;
    this.images = images;
    this.warmUp = warmUp;
    this.rounds = rounds;
  }

  private void load() {
    if (train != null) return;
    MnistData data = MnistData.read(cache);
    MnistData.Split split = MnistData.split(data.trainFileSize(),
        spec.integer("data.valid_size"), images, spec.seed());
    train = data.trainRows(split.train(), spec.isDouble());
    // The trainer evaluates after the epoch (untimed); a small set keeps that wait short.
    evalSet = data.trainRows(Arrays.copyOf(split.valid(), 100), spec.isDouble());
  }

  /**
   * Multiply-adds of one image through the network, forward and backward: each layer's product
   * W x (nIn * nOut) forward, its weight gradient (nIn * nOut), and the gradient passed back to
   * its input (nIn * nOut) for every layer but the first, whose input (the pixels) needs none.
   * Biases and activations are left out (under 2% for 784-50-10). 784-50-10: 79,900.
   */
  static long multiplyAddsPerImage(int[] widths) {
    long total = 0;
    for (int l = 0; l + 1 < widths.length; l++) {
      long product = (long) widths[l] * widths[l + 1];
      total += l == 0 ? 2 * product : 3 * product;
    }
    return total;
  }

  /** Multiply-adds of one image's forward pass alone (an evaluation). 784-50-10: 39,700. */
  static long forwardMultiplyAdds(int[] widths) {
    long total = 0;
    for (int l = 0; l + 1 < widths.length; l++) total += (long) widths[l] * widths[l + 1];
    return total;
  }

  static int[] widths(ExperimentSpec spec) {
    return NetworkFactory.widths(spec, MnistData.PIXELS, MnistData.CLASSES);
  }

  @Override
  public double flopsPerUnit() {
    return 2.0 * multiplyAddsPerImage(widths(spec)) * EPOCH_IMAGES;
  }

  @Override
  public int warmUpRounds() {
    return warmUp;
  }

  @Override
  public int rounds() {
    return rounds;
  }

  @Override
  public String id() {
    return "mnist_epoch";
  }

  @Override
  public String title() {
    return "MNIST ch. 11 784-50-10 SGD, one epoch of 55,000";
  }

  @Override
  public String label() {
    return "MNIST epoch";
  }

  @Override
  public String unit() {
    return "epoch";
  }

  @Override
  public double unitsPerRound() {
    return images / (double) EPOCH_IMAGES;
  }

  @Override
  public double dl4jRound() {
    load();
    Model net = Model.of(NetworkFactory.build(spec, MnistData.PIXELS, MnistData.CLASSES));
    return new Trainer(spec, XorStepWorkload.QUIET)
        .train(net, MnistExperiment.batches(spec, train), Trainer.sets("eval", evalSet))
        .updateSeconds();
  }

  @Override
  public Map<String, Object> torchRequest() {
    Map<String, Object> r = TorchRecipe.of(spec, MnistData.PIXELS, MnistData.CLASSES);
    r.put("batch", spec.batch());
    r.put("images", images);
    r.put("cache", cache.toString());
    return r;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("spec", "experiments/mnist-ch11.yaml");
    d.put("recipe", TorchRecipe.of(spec, MnistData.PIXELS, MnistData.CLASSES));
    d.put("batch", spec.batch());
    d.put("images_per_round", images);
    d.put("round", "a fresh network trained one epoch; rounds after the warm-up are the JVM's"
        + " (or Python's) third epoch on");
    d.put("multiply_adds_per_image", multiplyAddsPerImage(widths(spec)));
    d.put("flop_formula", "2 * images * sum over layers l of nIn_l*nOut_l * (2 for the first"
        + " layer, 3 for the others: forward, weight gradient, gradient to the layer's input)");
    return d;
  }

  @Override
  public String shown(double secondsPerUnit) {
    return String.format("%.3f s/epoch", secondsPerUnit);
  }
}
