package lab.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.core.UserError;
import lab.results.AtomicFiles;

/**
 * A Spark standalone cluster on this machine: Spark's own {@code Master} and {@code Worker}
 * classes, each in a JVM of its own started from this process's class path, all bound to
 * 127.0.0.1. Each process id goes to {@code DIR/master.pid} and {@code DIR/worker-<i>.pid}, each
 * log to {@code DIR/*.log}; {@link #start} returns when the master counts every worker alive,
 * and the processes live on after this one exits. {@link #stop} ends them (and the executors the
 * workers started).
 */
public final class LocalCluster {
  static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
  private static final Duration READY_WAIT = Duration.ofSeconds(90);
  /** The JVM option that marks the cluster's processes. */
  static final String MARKER = "-Dlab.cluster.process=";

  private LocalCluster() {}

  /** Starts a master and {@code workers} workers; returns the master URL. */
  public static String start(Path dir, int workers, int port, int cores, String memory,
      PrintStream out) {
    if (workers < 1 || workers > 64) {
      throw new UserError("--workers " + workers + ": not allowed; allowed: 1 to 64");
    }
    if (port < 1024 || port > 65535) {
      throw new UserError("--port " + port + ": not allowed; allowed: 1024 to 65535");
    }
    if (cores < 1 || cores > 256) {
      throw new UserError("--cores " + cores + ": not allowed; allowed: 1 to 256");
    }
    if (!memory.matches("[1-9][0-9]{0,5}[mMgG]")) {
      throw new UserError("--memory " + memory + ": not allowed; allowed: a size such as 512m"
          + " or 2g");
    }
    if (ClassLoader.getSystemResource(MASTER_CLASS.replace('.', '/') + ".class") == null) {
      throw new UserError("cluster: this build has no Spark; run it through ./lab, which builds"
          + " Spark on first use (mvn -Pspark builds it into target/spark/)");
    }
    Optional<ProcessHandle> running = alive(dir.resolve("master.pid"));
    if (running.isPresent()) {
      throw new UserError(dir.resolve("master.pid") + ": a cluster is already running (master pid "
          + running.get().pid() + ", " + readOr(dir.resolve("master.url"), "?") + "); ./lab"
          + " cluster stop ends it");
    }
    if (!free(port)) {
      throw new UserError("--port " + port + ": 127.0.0.1:" + port + " is in use; give another"
          + " port");
    }
    try {
      Files.createDirectories(dir);
      Path sparkHome = dir.resolve("spark-home");
      // Spark's launcher code in the worker builds each executor's command from SPARK_HOME and
      // wants its jars/ folder; the executors' classes come from spark.executor.extraClassPath.
      Files.createDirectories(sparkHome.resolve("jars"));
      for (String stale : List.of("master.pid", "master.url", "master-ui.port")) {
        Files.deleteIfExists(dir.resolve(stale));
      }
      for (int i = 1; i <= 64; i++) Files.deleteIfExists(dir.resolve("worker-" + i + ".pid"));
      int uiPort = freePort();
      String url = "spark://127.0.0.1:" + port;
      List<ProcessHandle> started = new ArrayList<>();
      try {
        Process master = launch(dir, sparkHome, "master", List.of(MASTER_CLASS, "--host",
            "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort)));
        started.add(master.toHandle());
        AtomicFiles.writeString(dir.resolve("master.pid"), master.pid() + "\n");
        AtomicFiles.writeString(dir.resolve("master.url"), url + "\n");
        AtomicFiles.writeString(dir.resolve("master-ui.port"), uiPort + "\n");
        waitFor(() -> listening(port), master, dir.resolve("master.log"), "the master to listen"
            + " on 127.0.0.1:" + port);
        for (int i = 1; i <= workers; i++) {
          Path work = Files.createDirectories(dir.resolve("work-" + i));
          Process w = launch(dir, sparkHome, "worker-" + i, List.of(WORKER_CLASS, "--host",
              "127.0.0.1", "--cores", String.valueOf(cores), "--memory", memory,
              "--webui-port", "0", "--work-dir", work.toString(), url));
          started.add(w.toHandle());
          AtomicFiles.writeString(dir.resolve("worker-" + i + ".pid"), w.pid() + "\n");
        }
        waitFor(() -> aliveWorkers(uiPort) >= workers, master, dir.resolve("master.log"),
            workers + " workers to register with the master");
      } catch (RuntimeException e) {
        for (ProcessHandle p : started) p.destroyForcibly();
        throw e;
      }
      out.printf("Spark master %s with %d worker%s (%d core%s, %s each); logs and pids in %s%n",
          url, workers, workers == 1 ? "" : "s", cores, cores == 1 ? "" : "s", memory, dir);
      out.println(url);
      return url;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the cluster's processes (workers first) and removes their pid files. */
  public static List<String> stop(Path dir, PrintStream out) {
    List<Path> pidFiles = new ArrayList<>();
    for (int i = 1; i <= 64; i++) pidFiles.add(dir.resolve("worker-" + i + ".pid"));
    pidFiles.add(dir.resolve("master.pid"));
    List<String> stopped = new ArrayList<>();
    for (Path f : pidFiles) {
      if (!Files.isRegularFile(f)) continue;
      Optional<ProcessHandle> p = alive(f);
      if (p.isPresent()) {
        String name = f.getFileName().toString().replace(".pid", "");
        end(p.get());
        stopped.add(name + " (pid " + p.get().pid() + ")");
      }
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.println(stopped.isEmpty() ? "no cluster running (no live process in " + dir + ")"
        : "stopped " + String.join(", ", stopped));
    return stopped;
  }

  /** The process a pid file names, if it is alive and one of Spark's (a pid can be reused). */
  static Optional<ProcessHandle> alive(Path pidFile) {
    String text = readOr(pidFile, "").trim();
    if (!text.matches("[0-9]{1,10}")) return Optional.empty();
    return ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(MARKER)).orElse(true));
  }

  /** SIGTERM to the process and its children (a worker's executors), then SIGKILL after 10 s. */
  private static void end(ProcessHandle p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (ProcessHandle h : concat(p, children)) {
      while (h.isAlive() && System.nanoTime() < deadline) sleep(100);
      if (h.isAlive()) h.destroyForcibly();
    }
  }

  private static List<ProcessHandle> concat(ProcessHandle p, List<ProcessHandle> rest) {
    List<ProcessHandle> all = new ArrayList<>(rest);
    all.add(0, p);
    return all;
  }

  private static Process launch(Path dir, Path sparkHome, String name, List<String> mainAndArgs)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // First, so that it is within the part of a long command line the OS shows (ps, ProcessHandle
    // read 4 KiB of it): how stop tells the cluster's processes from a reused pid.
    cmd.add(MARKER + name);
    cmd.addAll(sparkJvmArgs());
    cmd.add("-Xmx512m");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toAbsolutePath().toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OMP_NUM_THREADS", env.getOrDefault("OMP_NUM_THREADS", "1"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")));
    return pb.start();
  }

  /** The --add-opens (and related) flags this JVM was started with: Spark's JVMs need them too. */
  static List<String> sparkJvmArgs() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")
            || a.startsWith("-Djdk.reflect.") || a.startsWith("-Dio.netty."))
        .toList();
  }

  private static void waitFor(java.util.function.BooleanSupplier ready, Process process,
      Path log, String what) {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new UserError("cluster: the master stopped while waiting for " + what + "; see "
            + log + lastLine(log));
      }
      if (System.nanoTime() > deadline) {
        throw new UserError("cluster: gave up after " + READY_WAIT.toSeconds() + " s waiting for "
            + what + "; see " + log);
      }
      sleep(200);
    }
  }

  private static String lastLine(Path log) {
    List<String> lines = readOr(log, "").lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : " (last line: " + lines.get(lines.size() - 1).trim() + ")";
  }

  private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  /** Workers alive by the master's own JSON status page, -1 while it does not answer. */
  static int aliveWorkers(int uiPort) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE.matcher(r.body());
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String readOr(Path file, String otherwise) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return otherwise;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
