package lab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HugePagesTest {

  @Test
  void onlyTheSelectedModeCounts() {
    assertTrue(HugePages.offered("always [madvise] never\n"));
    assertTrue(HugePages.offered("[always] madvise never\n"));
    assertFalse(HugePages.offered("always madvise [never]\n"));
    assertFalse(HugePages.offered(""));
  }

  @Test
  void theMallocTunableIsAddedToWhatIsThereAndAUsersChoiceStays() {
    if (!HugePages.available()) {
      // A machine without huge pages on request gets no setting at all.
      assertEquals(Map.of(), HugePages.environment(null));
      assertEquals(List.of(), HugePages.jvmOptions());
      return;
    }
    assertEquals(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"), HugePages.environment(null));
    assertEquals(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"), HugePages.environment(""));
    assertEquals(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"),
        HugePages.environment("glibc.malloc.arena_max=2"));
    assertEquals(Map.of(), HugePages.environment("glibc.malloc.hugetlb=0"));
    assertEquals(List.of("-XX:+UseTransparentHugePages"), HugePages.jvmOptions());
  }
}
