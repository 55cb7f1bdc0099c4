package lab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemorySettingsTest {

  @Test
  void onlyTheSelectedHugePageModeCounts() {
    assertTrue(MemorySettings.offered("always [madvise] never\n"));
    assertTrue(MemorySettings.offered("[always] madvise never\n"));
    assertFalse(MemorySettings.offered("always madvise [never]\n"));
    assertFalse(MemorySettings.offered(""));
  }

  @Test
  void theMallocTunablesAreAddedToWhatIsThereAndAUsersChoiceStays() {
    String mine = MemorySettings.MALLOC_TUNABLES;
    if (!Platform.current().startsWith("linux-")) {
      assertEquals(Map.of(), MemorySettings.environment(null));
      return;
    }
    assertEquals(Map.of("GLIBC_TUNABLES", mine), MemorySettings.environment(null));
    assertEquals(Map.of("GLIBC_TUNABLES", mine), MemorySettings.environment(""));
    assertEquals(Map.of("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=512:" + mine),
        MemorySettings.environment("glibc.rtld.optional_static_tls=512"));
    assertEquals(Map.of(), MemorySettings.environment("glibc.malloc.hugetlb=0"));
    assertEquals(Map.of(), MemorySettings.environment(mine));
  }

  @Test
  void theJvmAsksForHugePagesOnlyWhereTheyAreOfferedAndForTheSerialCollector() {
    List<String> expected = new java.util.ArrayList<>();
    if (MemorySettings.hugePagesOffered()) expected.add("-XX:+UseTransparentHugePages");
    boolean chosen = MemorySettings.choosesCollector(System.getenv("JAVA_TOOL_OPTIONS"))
        || MemorySettings.choosesCollector(System.getenv("JDK_JAVA_OPTIONS"));
    if (!chosen) expected.add("-XX:+UseSerialGC");
    assertEquals(expected, MemorySettings.jvmOptions());
  }

  @Test
  void aCollectorChosenInTheOptionsIsSeen() {
    assertTrue(MemorySettings.choosesCollector("-XX:+UseG1GC"));
    assertTrue(MemorySettings.choosesCollector("-Xmx2g -XX:+UseParallelGC -Dx=1"));
    assertTrue(MemorySettings.choosesCollector("-XX:+UseZGC"));
    assertFalse(MemorySettings.choosesCollector(null));
    assertFalse(MemorySettings.choosesCollector(""));
    assertFalse(MemorySettings.choosesCollector("-XX:+UseTransparentHugePages -Xlog:gc"));
    assertFalse(MemorySettings.choosesCollector("-XX:+UseGCOverheadLimit"));
  }

  @Test
  void theLauncherSetsWhatThisClassSays() throws Exception {
    // ./lab applies the settings in bash: the same tunables, written once there.
    String launcher = java.nio.file.Files.readString(Project.home().resolve("lab"));
    assertTrue(launcher.contains(MemorySettings.MALLOC_TUNABLES), "lab: " + MemorySettings.MALLOC_TUNABLES);
    assertTrue(launcher.contains(MemorySettings.JVM_OPTION));
    assertTrue(launcher.contains("GC=(" + MemorySettings.GC_OPTION + ")"), "lab: " + MemorySettings.GC_OPTION);
  }
}
