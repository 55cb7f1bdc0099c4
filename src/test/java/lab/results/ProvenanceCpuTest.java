package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.core.Platform;
import org.junit.jupiter.api.Test;

/** The CPU named in the provenance: /proc/cpuinfo's forms on x86 and ARM, and the fallback. */
class ProvenanceCpuTest {

  @Test
  void readsTheModelNameOfAnX86Cpuinfo() {
    List<String> lines = List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
        "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz", "flags\t\t: fpu vme", "",
        "processor\t: 1", "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz");
    assertEquals("Intel(R) Xeon(R) CPU @ 2.20GHz", Provenance.modelFromCpuinfo(lines));
  }

  @Test
  void namesAnArmCpuByImplementerAndPartWhenThereIsNoModelName() {
    List<String> lines = List.of("processor\t: 0", "BogoMIPS\t: 243.75",
        "Features\t: fp asimd evtstrm aes", "CPU implementer\t: 0x41", "CPU architecture: 8",
        "CPU variant\t: 0x3", "CPU part\t: 0xd0c", "CPU revision\t: 1");
    assertEquals("ARM implementer 0x41 part 0xd0c", Provenance.modelFromCpuinfo(lines));
  }

  @Test
  void prefersHardwareOverPartNumbersAndGivesNullForNothing() {
    assertEquals("BCM2835", Provenance.modelFromCpuinfo(List.of("CPU implementer\t: 0x41",
        "CPU part\t: 0xd08", "Hardware\t: BCM2835")));
    assertNull(Provenance.modelFromCpuinfo(List.of("processor\t: 0", "")));
  }

  @Test
  void thisMachinesCpuIsNamed() throws Exception {
    String cpu = Provenance.cpuModel();
    assertFalse(cpu.isBlank());
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Platform.current().startsWith("linux-") && Files.isReadable(cpuinfo)) {
      String expected = Provenance.modelFromCpuinfo(Files.readAllLines(cpuinfo));
      assertEquals(expected != null ? expected : System.getProperty("os.arch"), cpu);
    }
  }
}
