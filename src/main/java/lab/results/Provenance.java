package lab.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import lab.core.BlasLibrary;
import lab.core.Platform;
import org.nd4j.linalg.factory.Nd4j;

/** What it takes to rerun a result: versions, backend, machine, code commit, data hash. */
public final class Provenance {

  private Provenance() {}

  /** Build facts filled in by Maven (see src/main/resources/lab-build.properties). */
  public static Properties build() {
    Properties p = new Properties();
    p.putAll(BuildFacts.VALUE);
    return p;
  }

  /** The build facts, read once per process (a sweep records them for every job). */
  private static final class BuildFacts {
    static final Properties VALUE = readBuildFacts();
  }

  private static Properties readBuildFacts() {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("/lab-build.properties")) {
      if (in != null) p.load(in);
    } catch (IOException ignored) {
      // Missing build facts are reported as "unknown" below.
    }
    return p;
  }

  /** The BLAS library ND4J's native code was built with, asked of ND4J once per process. */
  private static final class BlasVendor {
    static final String VALUE = String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation()
        .getOrDefault("blas.vendor", "unknown"));
  }

  public static Map<String, Object> collect(String specText, String dataSha256) {
    Properties build = BuildFacts.VALUE;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mlp_lab_version", build.getProperty("lab.version", "unknown"));
    m.put("git_commit", gitCommit());
    m.put("dl4j_version", build.getProperty("dl4j.version", "unknown"));
    m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    m.put("nd4j_binary", build.getProperty("nd4j.backend", "?") + ":"
        + build.getProperty("nd4j.classifier", "?"));
    m.put("blas_vendor", BlasVendor.VALUE);
    m.put("blas_library", BlasLibrary.loaded());
    m.put("blas_choice", BlasLibrary.why());
    m.put("omp_threads", Nd4j.getEnvironment().maxMasterThreads());
    m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("spec_sha256", sha256(specText.getBytes(StandardCharsets.UTF_8)));
    m.put("data_sha256", dataSha256);
    m.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return m;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The CPU's model name: from /proc/cpuinfo on Linux, sysctl on macOS, the PROCESSOR_IDENTIFIER
   * variable on Windows; os.arch when none of them answers.
   */
  static String cpuModel() {
    return CpuModel.VALUE;
  }

  /** Asked once per process, at first use (class initialisation is lazy and thread-safe). */
  private static final class CpuModel {
    static final String VALUE = askCpuModel();
  }

  /** As {@link CpuModel}. */
  private static final class GitCommit {
    static final String VALUE = askGit();
  }

  private static String askCpuModel() {
    String platform = Platform.current();
    String model = null;
    if (platform.startsWith("linux-")) {
      try {
        model = modelFromCpuinfo(Files.readAllLines(Path.of("/proc/cpuinfo")));
      } catch (IOException | RuntimeException e) {
        model = null;
      }
    } else if (platform.startsWith("macosx-")) {
      model = firstLine("sysctl", "-n", "machdep.cpu.brand_string");
    } else if (platform.startsWith("windows-")) {
      model = System.getenv("PROCESSOR_IDENTIFIER");
    }
    return model == null || model.isBlank() ? System.getProperty("os.arch") : model.trim();
  }

  /**
   * The model in /proc/cpuinfo's lines: "model name" (x86, some ARM kernels), else "Hardware",
   * else ARM's implementer and part numbers; null when none is there.
   */
  static String modelFromCpuinfo(java.util.List<String> lines) {
    Map<String, String> first = new LinkedHashMap<>();
    for (String l : lines) {
      int colon = l.indexOf(':');
      if (colon > 0) first.putIfAbsent(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
    }
    if (!first.getOrDefault("model name", "").isEmpty()) return first.get("model name");
    if (!first.getOrDefault("Hardware", "").isEmpty()) return first.get("Hardware");
    if (first.containsKey("CPU implementer") && first.containsKey("CPU part")) {
      return "ARM implementer " + first.get("CPU implementer") + " part " + first.get("CPU part");
    }
    return null;
  }

  private static String firstLine(String... cmd) {
    String out = output(null, cmd);
    return out == null ? null : out.lines().findFirst().orElse(null);
  }

  /**
   * HEAD of the project's checkout, with "-dirty" when tracked files differ from it: asked of git
   * once per process (two git processes), at the first result the process records. The classes
   * running do not change while the process lives, so later edits to the checkout are not theirs;
   * and a sweep of many short jobs would otherwise start two processes per job. Or the commit
   * given as -Dlab.git.commit (a Spark executor, which has no checkout, gets the driver's).
   */
  public static String gitCommit() {
    String given = System.getProperty("lab.git.commit");
    if (given != null && !given.isBlank()) return given;
    return GitCommit.VALUE;
  }

  /**
   * Starts asking git (see {@link #gitCommit}) on a thread of its own, so that the answer is
   * there when the run's summary needs it instead of two git processes at the end of the run;
   * once per process (where the commit is given, the thread just returns it).
   */
  public static void askGitEarly() {
    if (ASKED_EARLY.getAndSet(true)) return;
    Thread t = new Thread(Provenance::gitCommit, "provenance-git");
    t.setDaemon(true);
    t.start();
  }

  private static final java.util.concurrent.atomic.AtomicBoolean ASKED_EARLY =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static String askGit() {
    Path home = Path.of(System.getProperty("lab.home", "."));
    String head = git(home, "rev-parse", "HEAD");
    if (head == null) return "unknown";
    String status = git(home, "status", "--porcelain", "--untracked-files=no", "--",
        "src", "pom.xml", "experiments");
    return status == null || status.isEmpty() ? head : head + "-dirty";
  }

  private static String git(Path dir, String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    return output(Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_OPTIONAL_LOCKS", "0"), cmd);
  }

  /**
   * What {@code cmd} prints, trimmed, or null when it fails, cannot start or takes over 10 s
   * (then it is killed). Its output goes to a temporary file, so that the time limit holds
   * whatever it prints, and its standard input is empty.
   */
  private static String output(Map<String, String> env, String... cmd) {
    Path out = null;
    try {
      out = Files.createTempFile("lab-provenance", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      if (env != null) pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }
}
