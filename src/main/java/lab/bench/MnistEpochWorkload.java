package lab.bench;

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
 * (55,000 for the real bench); its time is scaled to an epoch of {@value #EPOCH_IMAGES}.
 */
final class MnistEpochWorkload implements Workload {
  /** The book's training set: what "one epoch" means in the table. */
  static final int EPOCH_IMAGES = 55_000;

  private final ExperimentSpec spec;
  private final DataSet train;
  private final DataSet evalSet;
  private final java.nio.file.Path cache;

  MnistEpochWorkload(ExperimentSpec mnistCh11, MnistData data, java.nio.file.Path cache,
      int images) {
    this.spec = mnistCh11.with(Map.of("epochs", 1, "record_every", 1, "log_every", 0));
    this.cache = cache;
    MnistData.Split split = MnistData.split(data.trainFileSize(),
        spec.integer("data.valid_size"), images, spec.seed());
    this.train = data.trainRows(split.train(), spec.isDouble());
    // The trainer evaluates after the epoch (untimed); a small set keeps that wait short.
    this.evalSet = data.trainRows(java.util.Arrays.copyOf(split.valid(), 100), spec.isDouble());
  }

  int images() {
    return train.numExamples();
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

  /** Floating-point operations of one epoch: 2 per multiply-add. */
  double flopsPerEpoch() {
    return 2.0 * multiplyAddsPerImage(NetworkFactory.widths(spec, MnistData.PIXELS,
        MnistData.CLASSES)) * EPOCH_IMAGES;
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
    return images() / (double) EPOCH_IMAGES;
  }

  @Override
  public double dl4jRound() {
    Model net = Model.of(NetworkFactory.build(spec, MnistData.PIXELS, MnistData.CLASSES));
    return new Trainer(spec, XorStepWorkload.QUIET)
        .train(net, MnistExperiment.batches(spec, train), Trainer.sets("eval", evalSet))
        .updateSeconds();
  }

  @Override
  public Map<String, Object> torchRequest() {
    Map<String, Object> r = TorchRecipe.of(spec, MnistData.PIXELS, MnistData.CLASSES);
    r.put("workload", id());
    r.put("batch", spec.batch());
    r.put("images", images());
    r.put("cache", cache.toString());
    return r;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("spec", "experiments/mnist-ch11.yaml");
    d.put("recipe", TorchRecipe.of(spec, MnistData.PIXELS, MnistData.CLASSES));
    d.put("batch", spec.batch());
    d.put("images_per_round", images());
    d.put("multiply_adds_per_image", multiplyAddsPerImage(
        NetworkFactory.widths(spec, MnistData.PIXELS, MnistData.CLASSES)));
    d.put("flop_formula", "2 * images * sum over layers l of nIn_l*nOut_l * (2 for the first"
        + " layer, 3 for the others: forward, weight gradient, gradient to the layer's input)");
    return d;
  }

  @Override
  public Map<String, Object> figures(double secondsPerUnit) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("seconds_per_epoch", secondsPerUnit);
    f.put("gflops", flopsPerEpoch() / secondsPerUnit / 1e9);
    return f;
  }

  @Override
  public String shown(double secondsPerUnit) {
    return String.format("%.3f s/epoch, %.1f GFLOP/s", secondsPerUnit,
        flopsPerEpoch() / secondsPerUnit / 1e9);
  }
}
