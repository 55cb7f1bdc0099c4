package lab.scratch;

import java.util.List;
import lab.spec.ExperimentSpec;

/** Changes the parameters in place from their gradients; called once per minibatch. */
public interface Optimizer {
  void step(List<Parameter> parameters);

  /** The spec's optimizer, or null when the scratch engine has none of that name. */
  static Optimizer of(ExperimentSpec spec) {
    return switch (spec.optimizer()) {
      case "sgd" -> new Sgd(spec.lr());
      case "nesterov" -> new Nesterov(spec.lr(), spec.real("optimizer.momentum"));
      case "rmsprop" -> new RmsProp(spec.lr(), spec.real("optimizer.beta2"),
          spec.real("optimizer.epsilon"));
      case "adagrad" -> new AdaGrad(spec.lr(), spec.real("optimizer.epsilon"));
      case "adam" -> new Adam(spec.lr(), spec.real("optimizer.beta1"),
          spec.real("optimizer.beta2"), spec.real("optimizer.epsilon"));
      default -> null;
    };
  }
}
