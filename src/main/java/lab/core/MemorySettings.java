package lab.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Older glibc versions ignore tunables they do not know. The numbers computed do not change;
 * docs/performance.md has the measurements. {@code ./lab} applies the same settings in bash;
 * this class is their Java side.
 */
public final class MemorySettings {
  /** glibc's tunables: 2 MB pages under malloc, blocks under 32 MB reused. */
  public static final String MALLOC_TUNABLES = "glibc.malloc.hugetlb=1"
      + ":glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";
  /** The JVM option for a heap in 2 MB pages. */
  public static final String JVM_OPTION = "-XX:+UseTransparentHugePages";

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

  /** The JVM options a launched JVM gets: {@link #JVM_OPTION} when huge pages are offered. */
  public static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    if (hugePagesOffered()) options.add(JVM_OPTION);
    return options;
  }
}
