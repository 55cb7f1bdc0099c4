package lab.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every key an experiment spec may hold, with its type, default and meaning. */
public final class SpecSchema {

  /** The experiment whose targets are real numbers (no accuracy; a squared-error loss). */
  public static final String REGRESSION = "regression";
  public static final Set<String> EXPERIMENTS = Set.of("xor", "noisy-xor", "mnist", REGRESSION);
  /** The squared-error losses, the only ones that make sense for real-valued targets. */
  public static final Set<String> REGRESSION_LOSSES = Set.of("mse", "sse");
  public static final Set<String> ACTIVATIONS =
      Set.of("sigmoid", "relu", "tanh", "leakyrelu", "identity", "softmax");
  public static final Set<String> LOSSES = Set.of("bce", "mse", "sse", "cross-entropy");
  public static final Set<String> OPTIMIZERS =
      Set.of("sgd", "nesterov", "adam", "rmsprop", "adagrad");
  /**
   * Who trains the network: Deeplearning4j with the project's CPU fast path, stock
   * Deeplearning4j, or the hand-written engine of lab.scratch (see lab.net.Engines).
   */
  public static final Set<String> ENGINES = Set.of("dl4j", "dl4j-stock", "scratch");
  /** The experiments the scratch engine trains. */
  public static final Set<String> SCRATCH_EXPERIMENTS = Set.of("xor", "mnist", REGRESSION);

  /** The metrics early stopping can watch (columns of metrics.csv). */
  public static final Set<String> MONITORS =
      Set.of("none", "train_loss", "valid_loss", "valid_accuracy");
  /** The experiments that have a validation set (valid_loss, valid_accuracy). */
  public static final Set<String> WITH_VALIDATION = Set.of("noisy-xor", "mnist");

  private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

  private static void add(String key, ValueType type, Object def, String description) {
    FIELDS.put(key, new Field(key, type, def, description, EXPERIMENTS));
  }

  private static void add(
      String key, ValueType type, Object def, String description, Set<String> experiments) {
    FIELDS.put(key, new Field(key, type, def, description, experiments));
  }

  static {
    add("name", ValueType.Name.run(), null,
        "the experiment's name; its results go to results/<name>/ (default: the file's name)");
    add("description", new ValueType.Text(), "", "one line saying what the experiment shows");
    add("experiment", new ValueType.Choice(EXPERIMENTS), null,
        "which data set and experiment class (required)");
    add("seed", new ValueType.Seed(), 0L,
        "seeds every random draw: initial weights, data generation, shuffling");
    add("engine", new ValueType.Choice(ENGINES), "dl4j",
        "dl4j trains with Deeplearning4j and the project's CPU fast path (stock DL4J where the"
            + " fast path does not apply, said on the console and in the summary); dl4j-stock"
            + " trains with DL4J's own MultiLayerNetwork, ND4J at its defaults; scratch (xor,"
            + " mnist, regression) trains with the hand-written engine (lab.scratch) from the same"
            + " initial weights and batch order, and also writes the DL4J run's loss next to it"
            + " (engine-comparison.csv/.png)");
    add("data.repeat", new ValueType.Int(1, 100_000), 1,
        "how many times the four XOR points are repeated in the training set (seed note 001: 100)",
        Set.of("xor"));
    add("data.valid_size", new ValueType.Int(1, 59_999), 5000,
        "images of MNIST's training file held out for validation (the book: 5,000 of 60,000)",
        Set.of("mnist"));
    add("data.train_limit", new ValueType.Int(0, 60_000), 0,
        "train on only the first this many of the remaining training images (0: all of them),"
            + " e.g. for a short test run", Set.of("mnist"));
    add("dtype", new ValueType.Choice(Set.of("float", "double")), "float",
        "floating-point precision of the network (PyTorch's default is float)");
    add("model.hidden", new ValueType.IntList(0, 16, 1, 100_000), List.of(2),
        "widths of the hidden layers, input to output; [] is a model without hidden layer");
    add("model.activation", new ValueType.Choice(ACTIVATIONS), "sigmoid",
        "activation of every hidden layer");
    add("model.output", new ValueType.Choice(ACTIVATIONS), "sigmoid",
        "activation of the output layer");
    add("model.dropout", new ValueType.Real(0, true, 0.9), 0.0,
        "probability of dropping each hidden layer's output while training (0: no dropout);"
            + " nothing is dropped at evaluation", Set.of("mnist"));
    add("init", new ValueType.Init(), "torch-default", "initial weights and biases: "
        + InitSpec.ALLOWED);
    add("loss", new ValueType.Choice(LOSSES), "bce",
        "bce (binary cross-entropy), mse (mean over outputs), sse (summed over outputs), "
            + "cross-entropy (multi-class, with softmax); all averaged over the minibatch");
    add("optimizer.name", new ValueType.Choice(OPTIMIZERS), "sgd", "the update rule");
    add("optimizer.lr", new ValueType.Real(0, false, 100), 0.01, "learning rate");
    add("optimizer.momentum", new ValueType.Real(0, true, 0.999), 0.9,
        "momentum of nesterov");
    add("optimizer.beta1", new ValueType.Real(0, true, 0.999999), 0.9, "Adam's beta1");
    add("optimizer.beta2", new ValueType.Real(0, true, 0.999999), 0.999,
        "Adam's and RMSProp's second-moment decay");
    add("optimizer.epsilon", new ValueType.Real(0, false, 1), 1e-8,
        "Adam's, RMSProp's and AdaGrad's epsilon");
    add("epochs", new ValueType.Int(1, 10_000_000), 1000, "passes over the training data");
    add("batch", new ValueType.Int(0, Integer.MAX_VALUE), 0,
        "minibatch size; 0 is the whole training set in one batch");
    add("log_every", new ValueType.Int(0, Integer.MAX_VALUE), 100,
        "print the loss every this many epochs; 0 prints none");
    add("record_every", new ValueType.Int(1, Integer.MAX_VALUE), 10,
        "write a row of metrics.csv every this many epochs (and at the first and last)");
    addNoisyXor();
    addEarlyStopping();
  }

  /**
   * Early stopping, with the semantics of DL4J's ScoreImprovementEpochTerminationCondition and
   * EarlyStoppingTrainer (see lab.train.EarlyStopping).
   */
  private static void addEarlyStopping() {
    add("early_stopping.monitor", new ValueType.Choice(MONITORS), "none",
        "stop training when this metric stops improving: train_loss, valid_loss or"
            + " valid_accuracy (valid_* only where there is a validation set: noisy-xor, mnist);"
            + " none trains all epochs. It is looked at only on the epochs metrics.csv records"
            + " (record_every, log_every, row 0 the untrained network)");
    add("early_stopping.patience", new ValueType.Int(1, Integer.MAX_VALUE), 10,
        "epochs (not records) without an improvement after which training stops: it stops at"
            + " the first recorded epoch >= the last improving epoch + patience");
    add("early_stopping.min_delta", new ValueType.Real(0, true, 1e9), 0.0,
        "an improvement must beat the value of the last improving epoch by more than this");
    add("early_stopping.restore_best", new ValueType.Bool(), false,
        "true: model.zip and the final metrics are those of the best recorded epoch (kept in"
            + " memory), not of the stop epoch (not with engine scratch)");
  }

  /** Raschka et al. ch. 13's XOR point cloud, or the user's own CSV files. */
  private static void addNoisyXor() {
    Set<String> noisy = Set.of("noisy-xor");
    add("data.n", new ValueType.Int(4, 10_000_000), 200,
        "points generated uniform in [-1,1]^2; the first half trains, the second validates",
        noisy);
    add("data.label_flip", new ValueType.Real(0, true, 0.5), 0.0,
        "share of generated labels flipped at random (label noise)", noisy);
    add("data.jitter", new ValueType.Real(0, true, 10), 0.0,
        "standard deviation of Gaussian noise added to generated inputs after labelling", noisy);
    add("data.train", new ValueType.Path(), "",
        "your own training CSV (rows x0,x1,label; label 0 or 1; a relative path is relative to "
            + "the spec file's folder, or to the working directory with --set) instead of "
            + "generated data; give data.valid with it", noisy);
    add("data.valid", new ValueType.Path(), "",
        "your own validation CSV, same format as data.train", noisy);
    add("model.input_noise", new ValueType.Real(0, true, 10), 0.0,
        "standard deviation of Gaussian noise added to the first layer's input, in training only",
        noisy);
  }

  private SpecSchema() {}

  public static Map<String, Field> fields() {
    return java.util.Collections.unmodifiableMap(FIELDS);
  }

  public static Field field(String key) {
    return FIELDS.get(key);
  }
}
