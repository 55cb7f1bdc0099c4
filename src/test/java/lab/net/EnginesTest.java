package lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.core.Platform;
import org.junit.jupiter.api.Test;

/** The engine's choice between the fast path and stock DL4J, by the backend's name. */
class EnginesTest {
  static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  @Test
  void theFastPathRunsOnTheNativeCpuBackendOnly() {
    assertNull(Engines.whyNotFast(Platform.ND4J_CPU_BACKEND, true, false));
    String cuda = Engines.whyNotFast(CUDA_BACKEND, true, false);
    assertNotNull(cuda);
    assertTrue(cuda.contains("JCublasBackend"), cuda);
  }

  @Test
  void aBuildWithoutTheFastPathOrAStockProcessFallsBackToStock() {
    assertTrue(Engines.whyNotFast(Platform.ND4J_CPU_BACKEND, false, false).contains("no CPU fast path"));
    assertTrue(Engines.whyNotFast(CUDA_BACKEND, false, false).contains("no CPU fast path"));
    assertTrue(Engines.whyNotFast(Platform.ND4J_CPU_BACKEND, true, true).contains("dl4j-stock"));
  }

  @Test
  void thisCpuBuildTrainsDl4jRunsOnTheFastPathAndSaysWhatItReplaced() {
    EngineChoice dl4j = Engines.choose(Engines.DL4J);
    assertEquals(Engines.DL4J, dl4j.engine());
    assertNull(dl4j.fallback());
    assertTrue(dl4j.isFast());
    assertTrue(dl4j.substitutions().contains("own-gradient-network"), dl4j.substitutions()
        .toString());
    // A stock network in this (fast) test JVM still runs under the JVM-wide settings: said.
    EngineChoice stock = Engines.choose(Engines.STOCK);
    assertEquals(Engines.STOCK, stock.engine());
    assertTrue(!stock.isFast() && !stock.substitutions().contains("own-gradient-network"));
    assertTrue(stock.substitutions().contains("cached-tad-manager"), stock.substitutions()
        .toString());
    assertEquals("org.deeplearning4j.nn.multilayer.MultiLayerNetwork", stock.newNetwork(
        NetworkFactory.configuration(lab.TestSpecs.project("xor-3hidden"), 2, 1)).getClass()
        .getName());
  }
}
