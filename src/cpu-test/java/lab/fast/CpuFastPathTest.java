package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/** The fast path's installs are read back, not assumed. */
class CpuFastPathTest {

  @Test
  void inThisTestJvmEveryJvmWideSubstitutionTookEffect() {
    // The test JVM gets the two properties from Maven's argLine, before ND4J loads.
    CpuFastPath fast = new CpuFastPath();
    assertEquals(List.of(), fast.afterNd4jLoads(), "warnings");
    assertEquals(List.of("javacpp-per-pointer-memory-check-off", "cached-shape-info-provider",
        "cached-tad-manager"), fast.jvmWideInEffect().subList(0, 3));
    assertTrue(CpuFastPath.tadManagerInstalled());
    assertEquals(OpExecutioner.ProfilingMode.DISABLED, Nd4j.getExecutioner().getProfilingMode());
  }

  @Test
  void theTadManagerInstallSaysNoForAnExecutionerItCannotChange() {
    OpExecutioner notNative = (OpExecutioner) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {OpExecutioner.class},
        (proxy, method, args) -> null);
    assertFalse(CachedTadManager.install(notNative));
  }

  @Test
  void theFastNetworkIsOursAndTheStockOneIsDl4js() {
    CpuFastPath fast = new CpuFastPath();
    MultiLayerNetwork net = fast.newNetwork(lab.net.NetworkFactory.configuration(
        lab.TestSpecs.project("xor-3hidden"), 2, 1));
    assertTrue(net instanceof OwnGradientNetwork);
  }
}
