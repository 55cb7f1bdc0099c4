package lab.core;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenBLAS under ND4J's matrix products (and the fast path's direct sgemm calls), chosen once
 * per process before ND4J loads, the same for every engine.
 *
 * <p>ND4J reaches BLAS through JavaCPP's OpenBLAS presets, which bundle a build of their own
 * (OpenBLAS 0.3.19 for DL4J 1.0.0-M2.1). Debian's OpenBLAS (package {@code libopenblas0-pthread},
 * the library PyTorch uses on Debian) runs the same kernels and gives the same bits, but its build
 * is faster on MNIST's batch products (about 100 against 120 us a product; docs/performance.md).
 * JavaCPP loads another OpenBLAS in place of its own when two system properties name it, which
 * {@link #chooseBeforeNd4jLoads} sets.
 *
 * <p>The system property {@value #PROPERTY} says which:
 * <ul>
 *   <li>{@code auto} (the default): the machine's OpenBLAS when it is a build whose products this
 *       project compared with the bundled one's bit for bit ({@link #VERIFIED}), else the bundled
 *       one;
 *   <li>{@code system}: the machine's OpenBLAS whatever its version (a build not compared may give
 *       other bits than the bundled one);
 *   <li>{@code bundled}: the one bundled with JavaCPP's presets.
 * </ul>
 */
public final class BlasLibrary {
  /** The system property that chooses: auto, system or bundled. */
  public static final String PROPERTY = "lab.blas";

  /** Where a Linux distribution links its OpenBLAS (Debian and Ubuntu, then Fedora and others). */
  static final List<Path> LINKS = List.of(
      Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0"),
      Path.of("/usr/lib64/libopenblas.so.0"));

  /**
   * The system builds whose products were compared with the bundled OpenBLAS's and found equal
   * bit for bit, on x86-64 (docs/performance.md: random products of every storage order and a
   * set of runs; BlasLibraryTest again on every machine that has it). Whatever the library, every
   * process of a machine makes the same choice, so a spec and seed give the same bits there
   * however the job is scheduled, and both engines run on the same library.
   */
  static final Set<String> VERIFIED = Set.of("libopenblasp-r0.3.21.so");

  /** The compared builds are x86-64 ones (elsewhere a file of the same name is another build). */
  private static final boolean X86_64 = Set.of("amd64", "x86_64")
      .contains(System.getProperty("os.arch", ""));

  private static final Pattern FILE = Pattern.compile("lib(openblas[po]?-r[0-9][0-9.]*)\\.so");

  /** What a process loads: a system build's file, or null for the bundled one; and why. */
  record Choice(Path file, String why) {}

  private static Choice chosen;

  /** The environment variable OpenBLAS reads when it loads, naming the kernels to run. */
  static final String CORETYPE = "OPENBLAS_CORETYPE";
  /** The kernels {@link #pinKernels} makes OpenBLAS run. */
  static final String KERNELS = "Haswell";
  /** What {@link #pinKernels} did, once it ran. */
  private static String kernels;

  /** The library mapped, once {@link #loaded} has found it. */
  private static volatile String mapped;

  private BlasLibrary() {}

  /**
   * Chooses and, for a system build, sets JavaCPP's properties. Only the first call counts; later
   * ones, or a call after ND4J loaded, change nothing.
   */
  public static synchronized void chooseBeforeNd4jLoads() {
    if (chosen != null) return;
    pinKernels();
    Choice choice = decide(System.getProperty(PROPERTY, "auto"), LINKS);
    if (choice.file() != null) {
      Matcher m = FILE.matcher(choice.file().getFileName().toString());
      if (m.matches()) {
        String dir = choice.file().getParent().toString();
        String path = System.getProperty("java.library.path", "");
        System.setProperty("java.library.path",
            path.isEmpty() ? dir : dir + File.pathSeparator + path);
        System.setProperty("org.bytedeco.openblas.load", m.group(1));
      }
    }
    chosen = choice;
  }

  /** The choice made, or a note that none was (ND4J then loads the bundled OpenBLAS). */
  public static synchronized String why() {
    return (chosen == null ? "bundled (no choice made before ND4J loaded)" : chosen.why())
        + "; kernels: " + (kernels == null ? "as OpenBLAS detects them (not pinned)" : kernels);
  }

  /**
   * Makes OpenBLAS, when it loads, run its {@value #KERNELS} kernels on an x86-64 Linux machine
   * with AVX2 and FMA, whatever CPU it detects. OpenBLAS picks its kernels by CPU model: on an
   * AMD Zen 4 (AVX-512), Debian's 0.3.21 picks its Cooperlake kernels and the bundled 0.3.19 its
   * Zen ones. Cooperlake's small-matrix kernels add up a product in another order for each
   * storage order of the operands, so the fast path, which stores some operands otherwise than
   * DL4J, no longer gave stock DL4J's bits there, nor the system build the bundled one's
   * (docs/performance.md, fifteenth round). The Haswell kernels are the ones both builds ran on
   * every machine where those bits were compared, and run on any CPU with AVX2 and FMA.
   *
   * <p>OpenBLAS reads {@value #CORETYPE} once, when it loads, from the process's environment: it
   * is set here through the C library's {@code setenv}, before ND4J loads, and read back. A value
   * the user set is kept. Processes this one starts do the same for themselves (Java hands a
   * child the environment the JVM started with, so a PyTorch process keeps its own choice).
   * Elsewhere (macOS, Windows, ARM, no AVX2) OpenBLAS chooses, and {@link #why} says so.
   */
  public static synchronized void pinKernels() {
    if (kernels != null) return;
    kernels = pin();
  }

  private static String pin() {
    String user = System.getenv(CORETYPE);
    if (user != null) return user + " (" + CORETYPE + " set by the user)";
    if (!kernelsCanBePinned()) {
      return "as OpenBLAS detects them (not x86-64 Linux with AVX2 and FMA)";
    }
    if (Platform.mappedFile("libopenblas") != null) {
      return "as OpenBLAS detects them (OpenBLAS was loaded before they could be pinned)";
    }
    try {
      CLibrary c = com.sun.jna.Native.loadLibrary("c", CLibrary.class);
      if (c.setenv(CORETYPE, KERNELS, 1) != 0 || !KERNELS.equals(c.getenv(CORETYPE))) {
        return "as OpenBLAS detects them (setenv " + CORETYPE + " failed)";
      }
      return KERNELS + " (" + CORETYPE + " set before OpenBLAS loaded)";
    } catch (LinkageError | RuntimeException e) {
      return "as OpenBLAS detects them (setenv " + CORETYPE + ": " + e + ")";
    }
  }

  /** Whether this is a machine whose kernels {@link #pinKernels} pins: x86-64 with AVX2 and FMA. */
  public static boolean kernelsCanBePinned() {
    Set<String> flags = X86_64 ? cpuFlags() : null;
    return flags != null && flags.contains("avx2") && flags.contains("fma");
  }

  /** The C library's environment functions, through JNA. */
  interface CLibrary extends com.sun.jna.Library {
    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  /** The CPU's feature flags from /proc/cpuinfo, or null where there is none. */
  private static Set<String> cpuFlags() {
    try (java.util.stream.Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("flags")).findFirst()
          .map(l -> Set.<String>copyOf(java.util.Arrays.asList(
              l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
          .orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * What to load for a {@value #PROPERTY} setting, given where distributions link their OpenBLAS.
   * A bad setting, or {@code system} with none found, is the user's to fix.
   */
  static Choice decide(String setting, List<Path> links) {
    if (!Set.of("auto", "system", "bundled").contains(setting)) {
      throw new UserError("-D" + PROPERTY + "=" + setting + ": not a choice; allowed: auto (the"
          + " default), system, bundled");
    }
    if (setting.equals("bundled")) return new Choice(null, "bundled (" + PROPERTY + "=bundled)");
    Path found = systemBuild(links);
    if (found == null) {
      if (setting.equals("system")) {
        throw new UserError("-D" + PROPERTY + "=system: no OpenBLAS found at " + links
            + " (on Debian: apt-get install libopenblas0-pthread); allowed: auto, bundled");
      }
      return new Choice(null, "bundled (no system OpenBLAS at " + links + ")");
    }
    String name = found.getFileName().toString();
    if (setting.equals("system")) {
      return new Choice(found, "system " + found + " (" + PROPERTY + "=system)");
    }
    if (!VERIFIED.contains(name) || !X86_64) {
      return new Choice(null, "bundled (the system's " + found + " is not a build compared with"
          + " it; -D" + PROPERTY + "=system uses it anyway)");
    }
    return new Choice(found, "system " + found + " (same bits as the bundled build, faster)");
  }

  /** The real file behind the first link that resolves to an OpenBLAS library, or null. */
  static Path systemBuild(List<Path> links) {
    for (Path link : links) {
      try {
        Path real = link.toRealPath();
        if (Files.isRegularFile(real) && FILE.matcher(real.getFileName().toString()).matches()) {
          return real;
        }
      } catch (IOException | SecurityException e) {
        // not there: try the next place
      }
    }
    return null;
  }

  /**
   * The OpenBLAS this process mapped (JavaCPP loads a system build under the bundled name, from a
   * copy in its cache), or "unknown" where /proc cannot say. Read once it is mapped: a process
   * never loads another.
   */
  public static String loaded() {
    String known = mapped;
    if (known != null) return known;
    String found = Platform.mappedFile("libopenblas");
    if (found == null) return "unknown";
    mapped = found;
    return found;
  }
}
