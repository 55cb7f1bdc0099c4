package lab.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's data, one JSON answer per endpoint. The server answers /api/NAME with it and
 * ./lab report inlines the answers a page needs, so that both show the same thing.
 */
final class Api {
  private final ResultsIndex index;

  Api(ResultsIndex index) {
    this.index = index;
  }

  /** The JSON answer of {@code endpoint}; {@link SafePaths.Refused} for a path not served. */
  String get(String endpoint, Map<String, String> query) {
    try {
      return UiJson.write(value(endpoint, query));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Object value(String endpoint, Map<String, String> q) throws IOException {
    switch (endpoint) {
      case "runs" -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", index.runs());
        m.put("sweeps", index.sweeps());
        m.put("bench", index.bench() != null);
        m.put("live", index.live().stream().map(l -> {
          Map<String, Object> e = new LinkedHashMap<>(l);
          e.remove("metrics");
          return e;
        }).toList());
        return m;
      }
      case "run" -> {
        return RunData.detail(index.root(), index.runDir(q.getOrDefault("path", "")));
      }
      case "sweep" -> {
        return SweepData.detail(index.sweepDir(q.getOrDefault("name", "")));
      }
      case "band" -> {
        int point;
        try {
          point = Integer.parseInt(q.getOrDefault("point", ""));
        } catch (NumberFormatException e) {
          throw new SafePaths.Refused("point must be a number");
        }
        return SweepData.band(index.sweepDir(q.getOrDefault("name", "")), point);
      }
      case "bench" -> {
        Map<String, Object> b = index.bench();
        if (b == null) throw new SafePaths.Refused("no bench/bench.json; run ./lab bench");
        return b;
      }
      case "live" -> {
        return index.live();
      }
      default -> throw new SafePaths.Refused("no endpoint " + endpoint);
    }
  }
}
