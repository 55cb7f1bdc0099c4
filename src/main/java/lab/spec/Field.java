package lab.spec;

import java.util.Set;

/**
 * One hyperparameter of an experiment spec: its dotted key, type, default, what it means, and
 * which experiments accept it. The schema is the single place these facts live: the loader, the
 * `--set` overrides, sweeps and `./lab describe` all read it.
 */
public record Field(
    String key,
    ValueType type,
    Object defaultValue,
    String description,
    Set<String> experiments) {

  public boolean appliesTo(String experiment) {
    return experiments.contains(experiment);
  }
}
