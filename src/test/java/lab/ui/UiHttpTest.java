package lab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.LabCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard server at the HTTP level: what it serves, what it refuses, what it escapes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiHttpTest {
  @TempDir
  static Path base;
  Path root;
  UiServer server;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  void start() throws IOException {
    root = UiFixture.create(base);
    server = UiServer.start(root, "127.0.0.1", 0);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  record Reply(int status, Map<String, String> headers, String body) {}

  /** A raw HTTP/1.1 request: the path is sent exactly as given, and so is the Host header. */
  Reply request(String method, String path, String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String head = all.substring(0, split);
      String body = all.substring(split + 4);
      String[] lines = head.split("\r\n");
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, c).trim(), lines[i].substring(c + 1).trim());
      }
      if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) body = unchunk(body);
      return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
  }

  Reply get(String path) throws IOException {
    return request("GET", path, "127.0.0.1:" + server.port());
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
      if (size == 0) break;
      out.append(body, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }

  @Test
  void servesThePageItsScriptsAndTheFilesOfTheResultsFolder() throws IOException {
    Reply page = get("/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<script src=\"/app.js\"></script>"), page.body());
    assertTrue(page.headers().get("Content-Security-Policy").contains("script-src 'self'"));
    assertEquals("nosniff", page.headers().get("X-Content-Type-Options"));
    Reply echarts = get("/vendor/echarts.min.js");
    assertEquals(200, echarts.status());
    assertTrue(echarts.body().length() > 500_000, "echarts.min.js: " + echarts.body().length());
    Reply csv = get("/files/xor-a/metrics.csv");
    assertEquals(200, csv.status());
    assertTrue(csv.headers().get("Content-Type").startsWith("text/plain"));
    assertEquals(Files.readString(root.resolve("xor-a/metrics.csv")), csv.body());
    // A run's summary.json with a script in it is sent as text, never as a page.
    assertTrue(get("/files/xor-a/summary.json").headers().get("Content-Type")
        .startsWith("text/plain"));
  }

  @Test
  void refusesTraversalEncodedOrNotSymlinksOutAndHiddenFolders() throws IOException {
    List<String> attacks = List.of("/files/../secret.txt", "/files/%2e%2e/secret.txt",
        "/files/%2E%2E/secret.txt", "/files/xor-a/../../secret.txt",
        "/files/xor-a/%2e%2e/%2e%2e/secret.txt", "/files/..%2fsecret.txt",
        "/files/%2e%2e%2fsecret.txt", "/files/leak/secret.txt", "/files/leak.txt",
        "/files/.incoming/x", "/files//etc/passwd", "/files/%2fetc%2fpasswd",
        "/files/xor-a%5c..%5c..%5csecret.txt", "/files/%252e%252e/secret.txt",
        "/api/run?path=../results/xor-a", "/api/run?path=leak", "/api/run?path=%2e%2e",
        "/api/sweep?name=../sweeps/sw", "/api/band?name=sw&point=99");
    for (String a : attacks) {
      Reply r = get(a);
      assertTrue(r.status() >= 400 && r.status() < 500, a + " -> " + r.status());
      assertFalse(r.body().contains(UiFixture.SECRET), a + " leaked the secret");
    }
    assertEquals(403, get("/files/leak.txt").status());
    assertEquals(403, get("/files/%2e%2e/secret.txt").status());
  }

  @Test
  void isReadOnlyAndAnswersOnlyToLocalhostNames() throws IOException {
    for (String m : List.of("POST", "PUT", "DELETE", "PATCH")) {
      Reply r = request(m, "/api/runs", "127.0.0.1");
      assertEquals(405, r.status(), m);
    }
    assertTrue(Files.isRegularFile(root.resolve("xor-a/summary.json")));
    assertEquals(403, request("GET", "/api/runs", "attacker.example:80").status());
    assertEquals(200, request("GET", "/api/runs", "localhost:" + server.port()).status());
  }

  @Test
  void everyTextFromARunIsEscapedInTheJson() throws IOException {
    Reply runs = get("/api/runs");
    assertEquals(200, runs.status());
    assertTrue(runs.headers().get("Content-Type").startsWith("application/json"));
    assertFalse(runs.body().contains("<script>"), runs.body());
    assertFalse(runs.body().contains("<img"), runs.body());
    assertTrue(runs.body().contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    Map<?, ?> parsed = JSON.readValue(runs.body(), Map.class);
    List<?> list = (List<?>) parsed.get("runs");
    assertTrue(list.stream().anyMatch(r -> UiFixture.SCRIPT.equals(((Map<?, ?>) r).get("description"))),
        "the description comes back intact after parsing");
    for (String path : List.of("/api/run?path=xor-b", "/api/sweep?name=sw", "/api/bench")) {
      String body = get(path).body();
      assertFalse(body.contains("<"), path + ": " + body);
    }
  }

  @Test
  void theApiCountsWhatTheFilesHold() throws IOException {
    Map<?, ?> run = JSON.readValue(get("/api/run?path=xor-a").body(), Map.class);
    assertEquals(UiFixture.XOR_A_ROWS, ((List<?>) ((Map<?, ?>) run.get("metrics")).get("rows")).size());
    Map<?, ?> surface = (Map<?, ?>) run.get("surface");
    assertEquals(RunData.SURFACE_POINTS, ((List<?>) surface.get("z")).size());
    // The 2-2-1 fixture network computes XOR: high at (0,1) and (1,0), low at the corners.
    List<?> z = (List<?>) surface.get("z");
    int n = RunData.SURFACE_POINTS - 1;
    double z01 = ((Number) ((List<?>) z.get(n)).get(0)).doubleValue();
    double z00 = ((Number) ((List<?>) z.get(0)).get(0)).doubleValue();
    assertTrue(z01 > 0.5 && z00 < 0.5, "z(0,1)=" + z01 + " z(0,0)=" + z00);
    Map<?, ?> sweep = JSON.readValue(get("/api/sweep?name=sw").body(), Map.class);
    assertEquals(UiFixture.SWEEP_ROWS, ((List<?>) sweep.get("rows")).size());
    assertEquals(4, ((List<?>) sweep.get("points")).size());
    Map<?, ?> band = JSON.readValue(get("/api/band?name=sw&point=0").body(), Map.class);
    assertEquals(2, band.get("seeds"));
    assertEquals(UiFixture.SWEEP_METRIC_ROWS, ((List<?>) band.get("median")).size());
  }

  @Test
  void readsTheCommittedResults() throws IOException {
    Path committed = Path.of("results").toAbsolutePath();
    try (UiServer real = UiServer.start(committed, "127.0.0.1", 0)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + real.port() + "/api/";
      Map<?, ?> runs = JSON.readValue(body(http, url + "runs"), Map.class);
      long folders;
      try (var s = Files.list(committed)) {
        folders = s.filter(d -> Files.isRegularFile(d.resolve("summary.json"))).count();
      }
      assertEquals(folders, ((List<?>) runs.get("runs")).size());
      Map<?, ?> run = JSON.readValue(body(http, url + "run?path=xor-3hidden"), Map.class);
      long lines = Files.readAllLines(committed.resolve("xor-3hidden/metrics.csv")).size() - 1;
      assertEquals(lines, ((List<?>) ((Map<?, ?>) run.get("metrics")).get("rows")).size());
      Map<?, ?> sweep = JSON.readValue(body(http, url + "sweep?name=xor-width-quick"), Map.class);
      long jobs = Files.readAllLines(committed.resolve("sweeps/xor-width-quick/runs.csv")).size() - 1;
      assertEquals(jobs, ((List<?>) sweep.get("rows")).size());
    }
  }

  private static String body(java.net.http.HttpClient http, String url) throws IOException {
    try {
      var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), url + ": " + r.body());
      return r.body();
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  @Test
  void theReportIsOneSelfContainedFileWithTheTextsEscaped() throws IOException {
    Path out = base.resolve("out/xor-a.html");
    LabCli.Result r = LabCli.run("report", "xor-a", "--results", root.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    String html = Files.readString(out);
    assertFalse(html.contains(UiFixture.SCRIPT), "raw script from the description");
    assertFalse(html.contains("src=\"http") || html.contains("src=\"/"), "an external script");
    assertTrue(html.contains("echarts"), "ECharts inlined");
    assertTrue(html.contains("\"run?path=xor-a\""), "the run's data inlined");
    Path sweepOut = base.resolve("out/sw.html");
    assertEquals(0, LabCli.run("report", "sweeps/sw", "--results", root.toString(), "--out",
        sweepOut.toString()).code());
    assertTrue(Files.readString(sweepOut).contains("\"band?name=sw\\u0026point=3\""));
  }

  @Test
  void badInputIsOneLineAndExitCode2() throws IOException {
    LabCli.Result missing = LabCli.run("report", "no-such-run", "--results", root.toString(),
        "--out", base.resolve("x.html").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("error: ") && missing.err().strip().lines().count() == 1,
        missing.err());
    assertFalse(Files.exists(base.resolve("x.html")));
    LabCli.Result traversal = LabCli.run("report", "../secret.txt", "--results", root.toString(),
        "--out", base.resolve("y.html").toString());
    assertEquals(2, traversal.code(), traversal.err());
    // --out empty or a folder: named as such (a temporary file in / and "Is a directory" before).
    LabCli.Result empty = LabCli.run("report", "xor-a", "--results", root.toString(), "--out", "");
    assertEquals(2, empty.code(), empty.err());
    assertTrue(empty.err().startsWith("error: --out '': empty; allowed: the path of an HTML file"),
        empty.err());
    LabCli.Result folder = LabCli.run("report", "xor-a", "--results", root.toString(), "--out",
        base.toString());
    assertEquals(2, folder.code(), folder.err());
    assertTrue(folder.err().startsWith("error: --out " + base + ": a folder; allowed: the path of"
        + " an HTML file to write, e.g. --out " + base.resolve("xor-a.html")), folder.err());
    LabCli.Result noRoot = LabCli.run("ui", "--results", base.resolve("nope").toString());
    assertEquals(2, noRoot.code());
    assertTrue(noRoot.err().contains("--results " + base.resolve("nope") + ": no such folder"),
        noRoot.err());
    LabCli.Result port = LabCli.run("ui", "--port", "70000", "--results", root.toString());
    assertEquals(2, port.code());
    assertTrue(port.err().contains("--port: 70000"), port.err());
    LabCli.Result busy = LabCli.run("ui", "--port", Integer.toString(server.port()),
        "--results", root.toString());
    assertEquals(2, busy.code(), busy.err());
    assertTrue(busy.err().contains("choose another port"), busy.err());
    assertNotEquals("", busy.err());
    // A --host that is not this machine's: Javalin said "Port already in use", with a stack trace.
    String[][] hosts = {
        {"256.1.1.1", "--host 256.1.1.1: not an address and no name that resolves; allowed:"},
        {"192.0.2.1", "--host 192.0.2.1: 192.0.2.1 is not an address of this machine; allowed:"},
        {"", "--host '': empty; allowed:"},
    };
    for (String[] h : hosts) {
      LabCli.Result r = LabCli.run("ui", "--host", h[0], "--port", "0", "--results",
          root.toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("error: " + h[1]), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  /**
   * A damaged result file (metrics.csv not UTF-8, summary.json cut short, runs.csv not UTF-8,
   * sweep.yaml not YAML): ./lab report says which file and what is wrong in one line, exit 2, and
   * writes nothing; the server answers 500 naming the file relative to the results folder.
   */
  @Test
  void aDamagedFileIsNamedByTheReportAndTheServer(@TempDir Path other) throws IOException {
    Path damaged = UiFixture.create(other);
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, 'x'};
    Files.write(damaged.resolve("xor-a/metrics.csv"), notUtf8);
    String summary = Files.readString(damaged.resolve("xor-b/summary.json"));
    Files.writeString(damaged.resolve("xor-b/summary.json"), summary.substring(0, 40));
    Files.copy(damaged.resolve("sweeps/sw"), damaged.resolve("sweeps/sw2"));
    Files.createDirectories(damaged.resolve("sweeps/sw2"));
    Files.writeString(damaged.resolve("sweeps/sw2/sweep.yaml"), "grid: [\n");
    Files.write(damaged.resolve("sweeps/sw/runs.csv"), notUtf8);
    Map<String, String> expected = Map.of(
        "xor-a", "xor-a/metrics.csv: not UTF-8 text",
        "xor-b", "xor-b/summary.json: not valid JSON (Unexpected end-of-input",
        "sweeps/sw", "sweeps/sw/runs.csv: not UTF-8 text",
        "sweeps/sw2", "sweeps/sw2/sweep.yaml: not valid YAML (");
    for (var e : expected.entrySet()) {
      Path out = other.resolve("report.html");
      LabCli.Result r = LabCli.run("report", e.getKey(), "--results", damaged.toString(), "--out",
          out.toString());
      assertEquals(2, r.code(), e.getKey() + ": " + r.err());
      assertTrue(r.err().startsWith("error: " + damaged.resolve(e.getValue())), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(Files.exists(out), "nothing written for " + e.getKey());
    }
    UiServer s = UiServer.start(damaged, "127.0.0.1", 0);
    try {
      for (var e : Map.of("/api/run?path=xor-a", expected.get("xor-a"),
          "/api/run?path=xor-b", expected.get("xor-b"),
          "/api/sweep?name=sw", expected.get("sweeps/sw")).entrySet()) {
        try (Socket sock = new Socket("127.0.0.1", s.port())) {
          sock.getOutputStream().write(("GET " + e.getKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          String reply = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertTrue(reply.startsWith("HTTP/1.1 500"), reply);
          assertTrue(reply.contains("cannot read: " + e.getValue()), reply);
          assertFalse(reply.contains(other.toString()), "no absolute path: " + reply);
        }
      }
    } finally {
      s.close();
    }
  }
}
