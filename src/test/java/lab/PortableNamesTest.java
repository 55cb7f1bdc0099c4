package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A spec's name becomes a folder: names Windows cannot hold as folders are refused everywhere. */
class PortableNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"con", "NUL", "aux", "prn", "com1", "LPT9", "nul.run", "xor."})
  void refusesNamesWindowsCannotMakeFolders(String name) {
    UserError e = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor\nname: '" + name + "'"));
    assertTrue(e.getMessage().startsWith("test.yaml: name: '" + name + "' is not allowed; allowed:"
        + " a name of letters, digits, '.', '_' and '-' (a folder name; not ending in '.', not"
        + " con, prn, aux, nul, com0-9 or lpt0-9, not sweeps, compare, bench or bench-quick:"
        + " folders of their own in results/)"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  /** results/sweeps/, compare/ and bench/ are not runs: a run of that name would replace them. */
  @ParameterizedTest
  @ValueSource(strings = {"sweeps", "compare", "bench", "bench-quick", "Sweeps", "BENCH"})
  void refusesTheNamesOfTheProjectsOwnFolders(String name) {
    UserError e = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor\nname: " + name));
    assertTrue(e.getMessage().startsWith("test.yaml: name: '" + name + "' is not allowed;"),
        e.getMessage());
    UserError set = assertThrows(UserError.class,
        () -> TestSpecs.fromYaml("experiment: xor", "name=" + name));
    assertTrue(set.getMessage().contains("name: '" + name + "' is not allowed;"),
        set.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"console", "xor-con", "com10", "nullable", "xor.v2", "lpt", "sweeps2", "my-bench",
      "compare-x.md"})
  void acceptsNamesThatOnlyLookAlike(String name) {
    assertEquals(name, TestSpecs.fromYaml("experiment: xor\nname: " + name).name());
  }
}
