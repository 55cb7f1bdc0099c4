package lab.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.spec.ExperimentSpec;

/**
 * A resolved sweep: a base spec (with the sweep's fixed {@code set:} values applied), a grid of
 * swept keys, the seeds, the success criterion and the jobs they expand to.
 *
 * @param basedOn the experiment the base spec came from, or null for an inline spec
 * @param targetLoss the training loss that counts as "reached" for epochs-to-target; may be null
 */
public record Sweep(String name, String description, String source, String basedOn,
    ExperimentSpec base, Map<String, List<Object>> grid, List<Long> seeds, Success success,
    Double targetLoss, List<Job> jobs) {

  /** Number of grid points (jobs per seed). */
  public int points() {
    return jobs.size() / seeds.size();
  }

  /** The jobs of each grid point, in order. */
  public List<List<Job>> byPoint() {
    List<List<Job>> out = new ArrayList<>();
    for (Job j : jobs) {
      if (j.pointIndex() == out.size()) out.add(new ArrayList<>());
      out.get(j.pointIndex()).add(j);
    }
    return out;
  }

  /**
   * The sweep as written to sweep.yaml: loadable again by {@link SweepLoader} and giving the same
   * jobs (the base spec inline and fully resolved, the seeds as a list).
   */
  public Map<String, Object> toNested() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    if (basedOn != null) m.put("based_on", basedOn);
    Map<String, Object> spec = base.toNested();
    spec.remove("name");
    m.put("spec", spec);
    m.put("grid", grid);
    m.put("seeds", seeds);
    m.put("success", success.criteria());
    if (targetLoss != null) m.put("target_loss", targetLoss);
    return m;
  }
}
