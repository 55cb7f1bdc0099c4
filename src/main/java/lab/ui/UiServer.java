package lab.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The read-only dashboard server (Javalin, Jetty inside): the page and its scripts from the
 * jar, /api/* JSON read from the results folder, /files/* the folder's own files. Only GET is
 * answered; paths outside the folder, hidden or through links out of it get 403. On a loopback
 * address it also refuses requests whose Host header names another host (DNS rebinding).
 */
public final class UiServer implements AutoCloseable {
  /** The ECharts build shipped in the jar (the org.webjars.npm:echarts WebJar). */
  static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  /** The page's own assets, served by name from /lab/ui/ in the jar. */
  static final Map<String, String> ASSETS = Map.of(
      "/", "index.html", "/app.js", "app.js", "/app.css", "app.css");
  /** The content security policy: scripts and data only from this server, no inline script. */
  static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
  private static final Set<String> TEXT = Set.of("csv", "yaml", "yml", "md", "txt", "json");

  private final Javalin app;

  private UiServer(Javalin app) {
    this.app = app;
  }

  /** Starts serving {@code results} on host:port (port 0: any free port). */
  public static UiServer start(Path results, String host, int port) {
    ResultsIndex index = new ResultsIndex(results);
    Api api = new Api(index);
    boolean loopback = isLoopback(host);
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
    });
    app.before(ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Content-Security-Policy", CSP);
      ctx.header("Referrer-Policy", "no-referrer");
      ctx.header("Cache-Control", "no-store");
      if (!"GET".equals(ctx.method().name())) {
        throw new Refusal(405, "read-only: only GET is answered");
      }
      if (loopback && !LOOPBACK_NAMES.contains(hostName(ctx.header("Host")))) {
        throw new Refusal(403, "this server answers only to localhost");
      }
    });
    ASSETS.forEach((route, file) -> app.get(route, ctx -> asset(ctx, "/lab/ui/" + file)));
    app.get("/vendor/echarts.min.js", ctx -> {
      ctx.header("Cache-Control", "max-age=86400"); // a fixed version: the browser may keep it
      asset(ctx, ECHARTS);
    });
    app.get("/favicon.ico", ctx -> ctx.status(204));
    app.get("/api/{endpoint}", ctx -> {
      Map<String, String> q = new LinkedHashMap<>();
      ctx.queryParamMap().forEach((k, v) -> q.put(k, v.isEmpty() ? "" : v.get(0)));
      ctx.contentType("application/json; charset=utf-8").result(api.get(ctx.pathParam("endpoint"), q));
    });
    app.get("/files/<path>", ctx -> file(ctx, index.root()));
    app.exception(Refusal.class, (e, ctx) -> ctx.status(e.status).contentType("text/plain")
        .result(e.getMessage()));
    app.exception(SafePaths.Refused.class, (e, ctx) -> ctx.status(403).contentType("text/plain")
        .result("refused: " + e.getMessage()));
    app.exception(Unreadable.class, (e, ctx) -> ctx.status(500).contentType("text/plain")
        .result("cannot read: " + e.relativeTo(index.root())));
    app.exception(UncheckedIOException.class, (e, ctx) -> ctx.status(500)
        .contentType("text/plain").result("cannot read: " + e.getMessage()));
    app.start(host, port);
    return new UiServer(app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  public static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")
        || host.startsWith("127.");
  }

  /** The host name of a Host header, without the port. */
  static String hostName(String header) {
    if (header == null) return "";
    String h = header.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) return h.substring(0, h.indexOf(']') + 1);
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static void asset(Context ctx, String resource) throws IOException {
    InputStream in = UiServer.class.getResourceAsStream(resource);
    if (in == null) throw new Refusal(404, "missing from the build: " + resource);
    ctx.contentType(contentType(resource)).result(in.readAllBytes());
    in.close();
  }

  /** A file of the results folder; text files as text/plain, so that none is run as a page. */
  private static void file(Context ctx, Path root) throws IOException {
    Path p = SafePaths.resolve(root, ctx.pathParam("path"));
    if (!Files.isRegularFile(p)) throw new Refusal(404, "no such file");
    ctx.contentType(contentType(p.getFileName().toString())).result(Files.readAllBytes(p));
  }

  static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith("index.html")) return "text/html; charset=utf-8";
    return switch (ext) {
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "png" -> "image/png";
      default -> TEXT.contains(ext) ? "text/plain; charset=utf-8" : "application/octet-stream";
    };
  }

  /** An HTTP error with its status, answered as one line of text. */
  static final class Refusal extends RuntimeException {
    final int status;

    Refusal(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
