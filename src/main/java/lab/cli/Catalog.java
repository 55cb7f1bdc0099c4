package lab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lab.core.Project;
import lab.core.UserError;
import lab.experiment.ExperimentRunner;
import lab.results.Json;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import lab.sweep.Sweep;
import lab.sweep.SweepLoader;

/**
 * What {@code ./lab list} shows: the experiments of experiments/, the sweeps of
 * experiments/sweeps/, and the results of past runs and sweeps (date and a headline metric).
 */
final class Catalog {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Catalog() {}

  static void experiments(PrintStream out) {
    out.println("experiments (experiments/; ./lab run NAME):");
    for (Path p : Project.specFiles()) {
      String name = p.getFileName().toString().replaceFirst("\\.yaml$", "");
      try {
        ExperimentSpec spec = SpecLoader.load(p, List.of());
        out.printf("  %-26s %-10s %s%n", name, spec.experiment(), spec.description());
      } catch (UserError e) {
        out.printf("  %-26s %-10s (invalid: %s)%n", name, "?", e.getMessage());
      }
    }
  }

  static void sweeps(PrintStream out) {
    Path dir = Project.experimentsDir().resolve("sweeps");
    List<String> names = Project.yamlNames(dir);
    out.println("sweeps (experiments/sweeps/; ./lab sweep NAME):");
    if (names.isEmpty()) out.println("  (none)");
    for (String name : names) {
      try {
        Sweep s = SweepLoader.load(dir.resolve(name + ".yaml"));
        out.printf("  %-26s %-22s %s%n", name, s.points() + " point" + (s.points() == 1 ? "" : "s")
            + " x " + s.seeds().size() + " seed" + (s.seeds().size() == 1 ? "" : "s"),
            s.description());
      } catch (UserError e) {
        out.printf("  %-26s (invalid: %s)%n", name, e.getMessage());
      }
    }
  }

  /** The result folders of {@code root} and the sweeps of root/sweeps/, newest facts first. */
  static void results(PrintStream out, Path root) {
    out.println("results (" + root + "; ./lab charts NAME, ./lab compare A B):");
    List<Path> runs = list(root).stream().filter(ExperimentRunner::isResultFolder).toList();
    List<Path> sweeps = list(root.resolve("sweeps")).stream()
        .filter(d -> Files.isRegularFile(d.resolve("sweep.yaml"))).toList();
    if (runs.isEmpty() && sweeps.isEmpty()) out.println("  (none yet)");
    // The names' column fits the longest name up to 60 characters; a longer name gets a line of
    // its own.
    int width = Math.min(60, Math.max(34, Stream.concat(
        runs.stream().map(d -> d.getFileName().toString()),
        sweeps.stream().map(d -> "sweeps/" + d.getFileName()))
        .mapToInt(String::length).max().orElse(0)));
    for (Path dir : runs) {
      String line;
      try {
        Map<String, Object> s = Json.read(dir.resolve("summary.json"));
        line = date(s, dir) + "  " + headline(s);
      } catch (RuntimeException e) {
        line = "(unreadable summary.json: " + e.getMessage() + ")";
      }
      row(out, width, dir.getFileName().toString(), line);
    }
    for (Path dir : sweeps) {
      row(out, width, "sweeps/" + dir.getFileName(), sweepLine(dir));
    }
  }

  /** A name and its facts in two columns; a name too long for its column has a line of its own. */
  private static void row(PrintStream out, int width, String name, String facts) {
    String pad = " ".repeat(Math.max(0, width - name.length()));
    if (name.length() <= width) {
      out.println("  " + name + pad + " " + facts);
    } else {
      out.println("  " + name);
      out.println("  " + " ".repeat(width) + " " + facts);
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UserError(dir + ": cannot be listed: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static String date(Map<String, Object> summary, Path dir) {
    Object prov = summary.get("provenance");
    if (prov instanceof Map<?, ?> p && p.get("time") instanceof String t) {
      try {
        return DATE.format(Instant.parse(t));
      } catch (RuntimeException e) {
        // fall through to the file's time
      }
    }
    return modified(dir.resolve("summary.json"));
  }

  private static String modified(Path file) {
    try {
      return DATE.format(Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      return "?";
    }
  }

  /** The one number a reader looks at first: test, else valid, else train accuracy; and loss. */
  static String headline(Map<String, Object> s) {
    if (Boolean.TRUE.equals(s.get("diverged"))) return "diverged";
    List<String> parts = new ArrayList<>();
    for (String set : new String[] {"test", "valid", "train"}) {
      if (s.get(set + "_accuracy") instanceof Number n) {
        parts.add(set + " accuracy " + String.format(Locale.ROOT, "%.4f", n.doubleValue()));
        break;
      }
    }
    if (s.get("final_train_loss") instanceof Number n) {
      parts.add("train loss " + String.format(Locale.ROOT, "%.4g", n.doubleValue()));
    }
    if (s.get("engine") instanceof String e && !e.equals("dl4j")) parts.add("engine " + e);
    return String.join(", ", parts);
  }

  /** "date  N jobs, K succeeded" from runs.csv (its success column), or what is missing. */
  private static String sweepLine(Path dir) {
    Path csv = dir.resolve("runs.csv");
    if (!Files.isRegularFile(csv)) return "(no runs.csv yet: unfinished; ./lab sweep NAME --resume)";
    try {
      List<String> lines = Files.readAllLines(csv);
      if (lines.isEmpty()) return finished(dir, csv) + "  0 jobs";
      List<String> header = cells(lines.get(0));
      int success = header.indexOf("success");
      int jobs = 0;
      int ok = 0;
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) continue;
        jobs++;
        List<String> row = cells(line);
        if (success >= 0 && success < row.size() && row.get(success).equals("true")) ok++;
      }
      return finished(dir, csv) + "  " + jobs + " jobs" + (success >= 0 ? ", " + ok + " succeeded"
          : "");
    } catch (IOException e) {
      return "(runs.csv unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * When the sweep's last job finished, from the jobs' provenance (a checkout sets every file's
   * time to the checkout's); runs.csv's time when no job says.
   */
  private static String finished(Path dir, Path csv) {
    Instant last = null;
    for (Path job : list(dir.resolve("runs"))) {
      try {
        Object prov = Json.read(job.resolve("summary.json")).get("provenance");
        if (prov instanceof Map<?, ?> p && p.get("time") instanceof String t) {
          Instant i = Instant.parse(t);
          if (last == null || i.isAfter(last)) last = i;
        }
      } catch (RuntimeException e) {
        // an unfinished or unreadable job says nothing about the time
      }
    }
    return last != null ? DATE.format(last) : modified(csv);
  }

  /** The cells of a CSV line; double-quoted cells may hold commas. */
  static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
