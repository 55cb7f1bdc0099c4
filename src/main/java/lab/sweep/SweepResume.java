package lab.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import lab.core.UserError;

/**
 * What --resume checks and adapts: the sweep stored in sweep.yaml, read back through the same
 * loader (so keys the schema gained since take their defaults), compared with the sweep as it
 * resolves now, key by key; grown seeds; and the stacking mode recorded with the sweep.
 */
final class SweepResume {
  /** The sweep.yaml key recording how the jobs are trained: {@value #STACKED} or one-by-one. */
  static final String STACKING = "stacking";
  static final String STACKED = "stacked";
  static final String ONE_BY_ONE = "one-by-one";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A stored sweep and its recorded stacking mode (null: not recorded, an older sweep). */
  record Stored(Sweep sweep, String stacking) {}

  private SweepResume() {}

  static String mode(boolean stack) {
    return stack ? STACKED : ONE_BY_ONE;
  }

  /** sweep.yaml as written: the resolved sweep and the stacking mode. */
  static Map<String, Object> toNested(Sweep sweep, boolean stack) {
    Map<String, Object> m = sweep.toNested();
    m.put(STACKING, mode(stack));
    if (sweep.random()) m.put(Sweep.DRAWN, sweep.drawn());
    return m;
  }

  @SuppressWarnings("unchecked")
  static Stored read(Path yaml, String name) {
    Object tree;
    try {
      tree = YAML.readValue(yaml.toFile(), Object.class);
    } catch (IOException e) {
      throw new UserError(yaml + ": cannot be read (" + String.valueOf(e.getMessage()).lines()
          .findFirst().orElse("") + "); move the sweep folder away to start over");
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new UserError(yaml + ": not a sweep; move the sweep folder away to start over");
    }
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
    Object stacking = copy.remove(STACKING);
    if (stacking != null && !STACKED.equals(stacking) && !ONE_BY_ONE.equals(stacking)) {
      throw new UserError(yaml + ": " + STACKING + ": " + stacking + " is not allowed; allowed: "
          + STACKED + ", " + ONE_BY_ONE);
    }
    Object drawn = copy.remove(Sweep.DRAWN);
    try {
      Sweep stored = SweepLoader.resolve(yaml.toString(), copy, name);
      SweepLoader.checkDrawn(yaml.toString(), stored, drawn);
      return new Stored(stored, (String) stacking);
    } catch (UserError e) {
      throw new UserError(e.getMessage() + " (in the stored sweep; move the sweep folder away"
          + " to start over)");
    }
  }

  /**
   * The keys whose resolved values differ between the stored sweep and the current one, each
   * with both values; empty when they are the same sweep. Seeds are not compared here.
   */
  static List<String> differences(Sweep stored, Sweep now) {
    Map<String, Object> a = comparable(stored);
    Map<String, Object> b = comparable(now);
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<String> out = new ArrayList<>();
    if (stored.random() && now.random() && now.search().samples() < stored.search().samples()) {
      out.add("samples: " + stored.search().samples() + " in sweep.yaml, "
          + now.search().samples() + " now (resume can add samples, not drop them)");
    }
    for (String k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.add(k + ": " + show(a.get(k)) + " in sweep.yaml, " + show(b.get(k)) + " now");
      }
    }
    return out;
  }

  /** The flat, resolved form of what decides the jobs and their scoring. */
  private static Map<String, Object> comparable(Sweep s) {
    Map<String, Object> m = new LinkedHashMap<>();
    s.base().values().forEach((k, v) -> {
      if (!k.equals("name") && !k.equals("description") && !k.equals("seed")) m.put(k, v);
    });
    m.put("search", s.search().kind());
    if (s.random()) {
      // The drawn points follow from these (sweep.yaml's drawn: is checked against them);
      // samples may grow, which keeps the points drawn so far.
      m.put("search_seed", s.search().seed());
      s.search().space().forEach((k, v) -> m.put("grid." + k, v));
    } else {
      s.grid().forEach((k, v) -> m.put("grid." + k, v));
    }
    m.put("grid keys (in order)", List.copyOf(s.grid().keySet()));
    s.success().criteria().forEach((k, v) -> m.put("success." + k, v));
    m.put("target_loss", s.targetLoss());
    return m;
  }

  private static String show(Object v) {
    return v == null ? "(none)" : Values.show(v);
  }

  /**
   * Gives the finished job folders of {@code runs} the ids they have in {@code sweep}. A job's id
   * starts with its index, which moves when seeds are added; the rest (grid point and seed) does
   * not. Idempotent, so a resume interrupted while renaming finishes the renames next time.
   * Returns how many folders were renamed.
   */
  static int adoptJobFolders(Sweep sweep, Path runs) {
    if (!Files.isDirectory(runs)) return 0;
    Map<String, Job> bySuffix = new HashMap<>();
    for (Job j : sweep.jobs()) bySuffix.put(suffix(j.id()), j);
    int moved = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs)) {
      List<Path> list = new ArrayList<>();
      for (Path d : dirs) list.add(d);
      for (Path d : list) {
        String name = d.getFileName().toString();
        if (name.startsWith(".") || !Files.isDirectory(d)) continue;
        Job job = bySuffix.get(suffix(name));
        if (job == null || job.id().equals(name) || Files.exists(runs.resolve(job.id()))) continue;
        Files.move(d, runs.resolve(job.id()));
        moved++;
      }
    } catch (IOException e) {
      throw new UserError(runs + ": cannot rename job folders (" + e.getMessage() + ")");
    }
    return moved;
  }

  private static String suffix(String id) {
    return id.substring(id.indexOf('-') + 1);
  }

  /**
   * The mode the finished jobs of a sweep that records none were trained in: stacked when any
   * job's summary says it was trained with other networks, one-by-one when none does although
   * some would have been stacked; null when the jobs do not tell (none finished, or none
   * stackable).
   */
  static String inferMode(Sweep sweep, Path runs) {
    boolean anyStacked = false;
    boolean stackableAlone = false;
    for (JobGroups.Group g : JobGroups.of(sweep, true)) {
      for (Job j : g.jobs()) {
        Path summary = runs.resolve(j.id()).resolve("summary.json");
        if (!Files.isRegularFile(summary)) continue;
        Object n = lab.results.Json.read(summary).get("stacked_networks");
        if (n instanceof Number k && k.intValue() > 1) {
          anyStacked = true;
        } else if (g.stacked()) {
          stackableAlone = true;
        }
      }
    }
    return anyStacked ? STACKED : stackableAlone ? ONE_BY_ONE : null;
  }

  /** Seeds of {@code stored} missing from {@code now}: resume can add seeds, not drop them. */
  static List<Long> dropped(Sweep stored, Sweep now) {
    return stored.seeds().stream().filter(s -> !now.seeds().contains(s)).toList();
  }

}
