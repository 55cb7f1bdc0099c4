package lab.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the process the {@code ./lab} launcher starts, and every process {@code ./lab bench}
 * times (DL4J's and PyTorch's alike), get their memory: in 2 MB pages where Linux offers them on
 * request, and with freed native memory kept for reuse.
 *
 * <p>Why: on the machines this was measured on, the first touch of a 4 KB page cost about
 * 10-16 us, so a process that took its data, its heap and its temporary arrays from the system
 * page by page spent seconds in the kernel (a whole {@code mnist-ch11} run: over 300,000 such
 * faults). Three settings:
 * <ul>
 *   <li>the JVM's {@code -XX:+UseTransparentHugePages}: the Java heap in 2 MB pages;
 *   <li>glibc's {@code glibc.malloc.hugetlb=1} (glibc 2.35 and later): native memory from
 *       {@code malloc} (ND4J's arrays, PyTorch's tensors) in 2 MB pages;
 *   <li>{@code glibc.malloc.mmap_threshold=32 MB} and {@code glibc.malloc.trim_threshold=1 GB}:
 *       a block under 32 MB comes from malloc's heap, and freed blocks stay there for the next
 *       one. By default glibc maps a block of an MNIST evaluation's size (55,000 x 50 floats,
 *       11 MB) fresh from the system every time and unmaps it when freed, so each evaluation
 *       paid for its pages again (about 25 ms of a 90 ms product).
 * </ul>
 * Older glibc versions ignore tunables they do not know. A launched JVM also gets the serial
 * garbage collector ({@link #GC_OPTION}): the Java heap of these runs is small (a few hundred MB;
 * the data and the networks live in native memory) and G1, the JVM's default on a machine of two
 * cores, cost a whole {@code mnist-ch11} run about 0.3 s more (its start, its first epochs and a
 * larger resident size). A collector chosen in the JVM's options is kept. The numbers computed
 * do not change; docs/performance.md has the measurements. {@code ./lab} applies the same
 * settings in bash; this class is their Java side.
 */
public final class MemorySettings {
  /** glibc's tunables: 2 MB pages under malloc, blocks under 32 MB reused. */
  public static final String MALLOC_TUNABLES = "glibc.malloc.hugetlb=1"
      + ":glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";
  /** The JVM option for a heap in 2 MB pages. */
  public static final String JVM_OPTION = "-XX:+UseTransparentHugePages";
  /** The JVM option for the serial garbage collector. */
  public static final String GC_OPTION = "-XX:+UseSerialGC";
  /** A JVM option that chooses a garbage collector, e.g. -XX:+UseG1GC. */
  private static final Pattern CHOOSES_GC = Pattern.compile("-XX:\\+Use\\w*GC(\\s|$)");

  private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

  private MemorySettings() {}

  /**
   * Whether Linux gives huge pages to a process that asks: the selected mode (in brackets) of
   * {@code /sys/kernel/mm/transparent_hugepage/enabled} is {@code madvise} or {@code always}.
   */
  public static boolean hugePagesOffered() {
    try {
      return offered(Files.readString(MODE, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return false; // not Linux, or no transparent huge pages
    }
  }

  static boolean offered(String modeFile) {
    return modeFile.contains("[madvise]") || modeFile.contains("[always]");
  }

  /**
   * The environment a launched or timed process gets: {@code GLIBC_TUNABLES} with
   * {@link #MALLOC_TUNABLES} added to what {@code inherited} holds, unless that already sets any
   * glibc malloc tunable (a user's choice stays as it is, and so does ./lab's when the bench was
   * started by it); empty then, and off Linux.
   */
  public static Map<String, String> environment(String inherited) {
    Map<String, String> env = new LinkedHashMap<>();
    String tunables = inherited == null ? "" : inherited;
    if (!Platform.current().startsWith("linux-") || tunables.contains("glibc.malloc.")) return env;
    env.put("GLIBC_TUNABLES", tunables.isEmpty() ? MALLOC_TUNABLES
        : tunables + ":" + MALLOC_TUNABLES);
    return env;
  }

  /**
   * The JVM options a launched JVM gets: {@link #JVM_OPTION} when huge pages are offered, and
   * {@link #GC_OPTION} unless the options every JVM reads ({@code JAVA_TOOL_OPTIONS},
   * {@code JDK_JAVA_OPTIONS}) already choose a collector: two would stop the JVM at its start.
   */
  public static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    if (hugePagesOffered()) options.add(JVM_OPTION);
    if (!choosesCollector(System.getenv("JAVA_TOOL_OPTIONS"))
        && !choosesCollector(System.getenv("JDK_JAVA_OPTIONS"))) {
      options.add(GC_OPTION);
    }
    return options;
  }

  /** Whether JVM options (null: none) choose a garbage collector. */
  static boolean choosesCollector(String options) {
    return options != null && CHOOSES_GC.matcher(options).find();
  }
}
