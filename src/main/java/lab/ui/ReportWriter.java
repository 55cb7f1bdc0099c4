package lab.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lab.core.UserError;

/**
 * ./lab report: one run's or one sweep's dashboard page as a single HTML file, with the
 * dashboard's script, ECharts and the data the page asks for inlined, so that it opens offline
 * from disk and can be mailed. Written to a temporary file and moved into place.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Writes the report of {@code name} (a result folder or a sweep of results/) to {@code out}. */
  public static Path write(Path results, String name, Path out) {
    ResultsIndex index = new ResultsIndex(results);
    Api api = new Api(index);
    Map<String, Object> snapshot = new LinkedHashMap<>();
    String route;
    String bare = name.replaceFirst("^sweeps/", "").replaceFirst("/$", "");
    try {
      if (Files.isRegularFile(index.root().resolve("sweeps").resolve(bare).resolve("sweep.yaml"))
          && !bare.contains("/")) {
        route = "sweep/" + bare;
        String sweep = api.get("sweep", Map.of("name", bare));
        snapshot.put(key("sweep", Map.of("name", bare)), sweep);
        @SuppressWarnings("unchecked")
        List<Object> points = (List<Object>) new ObjectMapper().readValue(sweep, Map.class)
            .get("points");
        for (int i = 0; i < points.size(); i++) {
          Map<String, String> q = Map.of("name", bare, "point", Integer.toString(i));
          snapshot.put(key("band", q), api.get("band", q));
        }
      } else {
        String path = name.replaceFirst("/$", "");
        route = "run/" + path;
        Map<String, String> q = Map.of("path", path);
        snapshot.put(key("run", q), api.get("run", q));
      }
    } catch (SafePaths.Refused e) {
      throw new UserError(index.root().resolve(name) + ": no result or sweep there ("
          + e.getMessage() + "); ./lab list and results/ show what there is");
    } catch (Unreadable e) {
      throw new UserError(e.getMessage() + "; nothing was written (rerun the experiment or"
          + " sweep that wrote it)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String html = html(name, route, snapshot);
    try {
      Path target = out.toAbsolutePath();
      Files.createDirectories(target.getParent());
      // Beside its place and renamed into it, with the folder's usual permissions.
      lab.results.AtomicFiles.write(target, html.getBytes(StandardCharsets.UTF_8));
      return target;
    } catch (IOException e) {
      throw new UserError(out + ": cannot be written: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UserError(out + ": cannot be written: " + e.getCause().getMessage());
    }
  }

  /** The key the page's script looks an answer up by: endpoint?k=v&... with sorted keys. */
  static String key(String endpoint, Map<String, String> query) {
    StringBuilder sb = new StringBuilder(endpoint).append('?');
    new TreeMap<>(query).forEach((k, v) -> sb.append(k).append('=').append(v).append('&'));
    return sb.substring(0, sb.length() - 1);
  }

  static String html(String name, String route, Map<String, Object> snapshot) {
    StringBuilder json = new StringBuilder("{");
    snapshot.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
        .append(UiJson.write(k)).append(':').append(v));
    json.append('}');
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        + "<title>mlp-lab report: " + escapeHtml(name) + "</title>\n<style>\n"
        + resource("/lab/ui/app.css") + "\n</style></head>\n<body>\n"
        + "<div id=\"app\"></div>\n"
        + "<script>window.LAB_REPORT = {route: " + UiJson.write(route) + ", api: " + json
        + "};</script>\n"
        + "<script>\n" + inlineScript(resource(UiServer.ECHARTS)) + "\n</script>\n"
        + "<script>\n" + inlineScript(resource("/lab/ui/app.js")) + "\n</script>\n"
        + "</body></html>\n";
  }

  /** A script's text made safe to sit between script tags. */
  static String inlineScript(String js) {
    return js.replaceAll("(?i)</script", "<\\\\/script").replace("<!--", "<\\!--");
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static String resource(String path) {
    try (InputStream in = ReportWriter.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing from the build: " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
