package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folder names of runs with overrides: stable, sorted, safe on Linux, macOS and Windows. */
class RunNamesTest {
  /** What Windows, macOS or a shell would stumble on, and path separators. */
  static final String UNSAFE = "<>:\"/\\|?* []()'$&;!`~{}";

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void sortsKeysAndWritesValuesShortly() {
    assertEquals("xor-3hidden@seed=7", RunNames.folder("xor-3hidden", map("seed", 7L)));
    assertEquals("x@model.hidden=4-4,optimizer.lr=0.1,seed=7", RunNames.folder("x",
        map("seed", 7L, "optimizer.lr", 0.1, "model.hidden", List.of(4, 4))));
    assertEquals("x@model.hidden=none", RunNames.folder("x", map("model.hidden", List.of())));
    assertEquals("x@optimizer.epsilon=1.0e-5,optimizer.lr=1",
        RunNames.folder("x", map("optimizer.lr", 1.0, "optimizer.epsilon", 1e-5)));
    assertEquals("x", RunNames.folder("x", map()));
  }

  @Test
  void theSameOverridesInAnyOrderGiveTheSameName() {
    assertEquals(RunNames.folder("x", map("seed", 7L, "epochs", 3)),
        RunNames.folder("x", map("epochs", 3, "seed", 7L)));
  }

  @Test
  void unsafeOrLongValuesAreShortenedWithAHash() {
    String a = RunNames.folder("x", map("init", "uniform(-0.1,0.1)"));
    String b = RunNames.folder("x", map("init", "uniform(-0.1,0.2)"));
    String c = RunNames.folder("x", map("description", "Mine: a/b\\c <test>?"));
    String d = RunNames.folder("x", map("description", "mine: a/b\\c <test>?"));
    String e = RunNames.folder("x", map("description", "y".repeat(500)));
    for (String name : List.of(a, b, c, d, e)) {
      for (char ch : UNSAFE.toCharArray()) {
        assertTrue(name.indexOf(ch) < 0, name + " holds " + ch);
      }
      assertTrue(name.length() <= 2 + RunNames.MAX, name);
      assertTrue(!name.endsWith(".") && !name.endsWith(" "), name);
      assertTrue(name.matches("x@[a-z0-9._+=,-]+_[0-9a-f]{8}"), name);
    }
    assertNotEquals(a, b);
    assertNotEquals(c, d, "names differing only in case get different hashes");
  }

  @Test
  void baseAndOverridesSplitAgain() {
    assertEquals("xor-3hidden", RunNames.baseOf("xor-3hidden@seed=7"));
    assertEquals("seed=7", RunNames.overridesOf("xor-3hidden@seed=7"));
    assertEquals("", RunNames.overridesOf("xor-3hidden"));
  }
}
