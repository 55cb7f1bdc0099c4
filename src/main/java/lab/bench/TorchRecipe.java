package lab.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import lab.spec.InitSpec;

/**
 * A spec as bench/torch_bench.py reads it: layer widths, activations, init distribution, loss
 * and optimizer, taken from the same resolved spec the DL4J side trains, so the two cannot drift.
 */
final class TorchRecipe {
  private TorchRecipe() {}

  static Map<String, Object> of(ExperimentSpec spec, int nIn, int nOut) {
    if (spec.isDouble()) {
      throw new IllegalArgumentException("the PyTorch counterparts train in float only");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("widths", NetworkFactory.widths(spec, nIn, nOut));
    r.put("activation", spec.activation());
    r.put("output", spec.outputActivation());
    InitSpec init = spec.init();
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("kind", switch (init.kind()) {
      case TORCH_DEFAULT -> "torch-default";
      case UNIFORM -> "uniform";
      case XAVIER -> "xavier";
      case NORMAL -> "normal";
    });
    i.put("a", init.a());
    i.put("b", init.b());
    r.put("init", i);
    r.put("loss", spec.loss());
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("name", spec.optimizer());
    opt.put("lr", spec.lr());
    for (String key : new String[] {"beta1", "beta2", "epsilon"}) {
      if (spec.has("optimizer." + key)) opt.put(key, spec.real("optimizer." + key));
    }
    r.put("optimizer", opt);
    r.put("seed", spec.seed());
    return r;
  }
}
