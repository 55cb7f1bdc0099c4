package lab.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fully resolved experiment spec: every key of {@link SpecSchema} that applies to the
 * experiment, with the file's value or the default. Immutable.
 *
 * @param values the resolved values by dotted key, in schema order
 */
public record ExperimentSpec(Map<String, Object> values) {

  public ExperimentSpec {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public String name() {
    return (String) values.get("name");
  }

  public String description() {
    return (String) values.get("description");
  }

  public String experiment() {
    return (String) values.get("experiment");
  }

  public long seed() {
    return (Long) values.get("seed");
  }

  /** dl4j, dl4j-stock or scratch (see {@link SpecSchema#ENGINES}); dl4j when not given. */
  public String engine() {
    Object e = values.get("engine");
    return e == null ? "dl4j" : (String) e;
  }

  /**
   * Whether the experiment is a classification, scored by accuracy as well as loss. A regression's
   * targets are real numbers: "right" has no meaning there, so it gets no accuracy at all.
   */
  public boolean measuresAccuracy() {
    return !SpecSchema.REGRESSION.equals(experiment());
  }

  public boolean isDouble() {
    return "double".equals(values.get("dtype"));
  }

  @SuppressWarnings("unchecked")
  public List<Integer> hidden() {
    return (List<Integer>) values.get("model.hidden");
  }

  public String activation() {
    return (String) values.get("model.activation");
  }

  public String outputActivation() {
    return (String) values.get("model.output");
  }

  public InitSpec init() {
    return InitSpec.parse((String) values.get("init"));
  }

  public String loss() {
    return (String) values.get("loss");
  }

  public String optimizer() {
    return (String) values.get("optimizer.name");
  }

  public double lr() {
    return real("optimizer.lr");
  }

  public int epochs() {
    return integer("epochs");
  }

  public int batch() {
    return integer("batch");
  }

  public int logEvery() {
    return integer("log_every");
  }

  public int recordEvery() {
    return integer("record_every");
  }

  public double real(String key) {
    return ((Number) require(key)).doubleValue();
  }

  public int integer(String key) {
    return ((Number) require(key)).intValue();
  }

  public String text(String key) {
    return (String) require(key);
  }

  /** Whether the key applies to this spec's experiment. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  private Object require(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalStateException("spec key " + key + " does not apply to " + experiment());
    }
    return values.get(key);
  }

  /** The same spec with some values replaced (already checked by the caller). */
  public ExperimentSpec with(Map<String, Object> changes) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.putAll(changes);
    return new ExperimentSpec(copy);
  }

  /** The spec as nested maps, the shape of the YAML file it came from. */
  public Map<String, Object> toNested() {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child =
            (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        node = child;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  /** The early-stopping metric, or "none" when the run trains all its epochs. */
  public String earlyStoppingMonitor() {
    Object m = values.get("early_stopping.monitor");
    return m == null ? "none" : (String) m;
  }

  public boolean stopsEarly() {
    return !"none".equals(earlyStoppingMonitor());
  }

  /**
   * Sorted key=value lines; two specs with the same text are the same experiment. A spec that
   * does not stop early leaves the early_stopping keys out (they change nothing), so it has the
   * text, and the spec_sha256, it had before the block existed: checkpoints and provenance of
   * older runs still match.
   */
  public String canonicalText() {
    StringBuilder sb = new StringBuilder();
    boolean skipStopping = !stopsEarly();
    new TreeMap<>(values).forEach((k, v) -> {
      if (skipStopping && k.startsWith("early_stopping.")) return;
      sb.append(k).append('=').append(v).append('\n');
    });
    return sb.toString();
  }
}
