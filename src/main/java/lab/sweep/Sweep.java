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
 * @param grid per swept key, its values: a grid's lists; for a random search, the value of each
 *     drawn point in turn (so {@code grid.get(k).get(i)} is sample i's value of k)
 * @param search how the points are chosen: every combination of the grid, or random samples
 *     from {@code search.space()}
 */
public record Sweep(String name, String description, String source, String basedOn,
    ExperimentSpec base, Map<String, List<Object>> grid, List<Long> seeds, Success success,
    Double targetLoss, List<Job> jobs, RandomSearch.Search search) {

  /** The sweep.yaml key (a run record, like stacking) listing a random search's drawn points. */
  public static final String DRAWN = "drawn";

  public boolean random() {
    return search.random();
  }

  /** Number of grid points (jobs per seed). */
  public int points() {
    return jobs.size() / seeds.size();
  }

  /** A random search's points in order, each a map of the swept keys to its drawn values. */
  public List<Map<String, Object>> drawn() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<Job> point : byPoint()) out.add(point.get(0).point());
    return out;
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
    if (random()) {
      m.put("search", RandomSearch.RANDOM);
      m.put("samples", search.samples());
      m.put("search_seed", search.seed());
      m.put("grid", search.space());
    } else {
      m.put("grid", grid);
    }
    m.put("seeds", seeds);
    m.put("success", success.criteria());
    if (targetLoss != null) m.put("target_loss", targetLoss);
    return m;
  }
}
