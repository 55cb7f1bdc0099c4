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
 * Memory in 2 MB pages where Linux offers them on request (transparent huge pages in mode
 * {@code madvise} or {@code always}), for the process the {@code ./lab} launcher starts and for
 * every process {@code ./lab bench} times, DL4J's and PyTorch's alike.
 *
 * <p>Why: on the machines this was measured on, the first touch of a 4 KB page cost about
 * 10-16 us, so a process that maps its data, its heap and its temporary arrays page by page
 * spent seconds in the kernel (a whole {@code mnist-ch11} run: over 300,000 such faults). Two
 * settings ask for 2 MB pages instead: the JVM's {@code -XX:+UseTransparentHugePages} for the
 * Java heap, and glibc's tunable {@code glibc.malloc.hugetlb=1} (glibc 2.35 and later; older
 * ones ignore it) for native memory from {@code malloc}: ND4J's arrays, PyTorch's tensors. The
 * numbers computed do not change; docs/performance.md has the measurements.
 *
 * <p>{@code ./lab} applies the same two settings in bash; this class is their Java side.
 */
public final class HugePages {
  /** glibc's tunable for 2 MB pages under malloc. */
  public static final String MALLOC_TUNABLE = "glibc.malloc.hugetlb=1";
  /** The JVM option for a heap in 2 MB pages. */
  public static final String JVM_OPTION = "-XX:+UseTransparentHugePages";

  private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

  private HugePages() {}

  /**
   * Whether Linux gives huge pages to a process that asks: the selected mode (in brackets) of
   * {@code /sys/kernel/mm/transparent_hugepage/enabled} is {@code madvise} or {@code always}.
   */
  public static boolean available() {
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
   * The environment a timed or launched process gets: {@code GLIBC_TUNABLES} with
   * {@link #MALLOC_TUNABLE} added to what {@code inherited} holds, unless that already sets
   * the malloc huge-page tunable (a user's choice stays); empty when huge pages are not offered.
   */
  public static Map<String, String> environment(String inherited) {
    Map<String, String> env = new LinkedHashMap<>();
    if (!available()) return env;
    String tunables = inherited == null ? "" : inherited;
    if (tunables.contains("glibc.malloc.hugetlb")) return env;
    env.put("GLIBC_TUNABLES", tunables.isEmpty() ? MALLOC_TUNABLE
        : tunables + ":" + MALLOC_TUNABLE);
    return env;
  }

  /** The JVM options a launched JVM gets: {@link #JVM_OPTION} when huge pages are offered. */
  public static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    if (available()) options.add(JVM_OPTION);
    return options;
  }
}
