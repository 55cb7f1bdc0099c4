package lab.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lab.net.NetworkFactory;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import lab.experiment.XorExperiment;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compares ND4J native binaries (linux-x86_64, -avx2, -onednn-avx2) on the two kinds of work the
 * suite does: a tiny network where every op's fixed cost dominates (one full-batch Adam step of the
 * 2-2-2-2-1 XOR network) and the matrix products of the MNIST ch. 11 network (batch 100, 784-50-10).
 * Run it once per binary, with that binary's jar on the class path (see README).
 */
public final class BinaryBench {
  private BinaryBench() {}

  /** Which libnd4jcpu this process mapped: proves which binary ran, whatever the class path said. */
  static String loadedNativeLibrary() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps")).stream()
          .filter(l -> l.contains("libnd4jcpu")).map(l -> l.substring(l.indexOf('/')))
          .findFirst().orElse("unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ExperimentSpec spec = SpecLoader.resolve("bench", Map.of("experiment", "xor",
        "model", Map.of("hidden", List.of(2, 2, 2)), "optimizer",
        Map.of("name", "adam", "lr", 0.01)), List.of(), "bench");
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    DataSet xor = XorExperiment.dataSet(false);
    INDArray x = Nd4j.rand(100, 784).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    INDArray w1 = Nd4j.rand(784, 50).castTo(x.dataType());
    INDArray d1 = Nd4j.rand(100, 50).castTo(x.dataType());
    double[] xorMicros = new double[rounds];
    double[] gemmMicros = new double[rounds];
    for (int r = 0; r < rounds + 1; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 2000; i++) net.fit(xor);
      double xorStep = (System.nanoTime() - t0) / 1e3 / 2000;
      t0 = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        x.mmul(w1); // forward of the hidden layer
        x.transpose().mmul(d1); // its weight gradient
        d1.mmul(w1.transpose()); // the gradient passed to the input
      }
      double gemm = (System.nanoTime() - t0) / 1e3 / 500;
      if (r > 0) { // round 0 warms up the JIT and ND4J
        xorMicros[r - 1] = xorStep;
        gemmMicros[r - 1] = gemm;
      }
    }
    Arrays.sort(xorMicros);
    Arrays.sort(gemmMicros);
    System.out.printf("native library %s, omp threads %d%n", loadedNativeLibrary(),
        Nd4j.getEnvironment().maxMasterThreads());
    System.out.printf("xor 2-2-2-2-1 adam step: median %.0f us (min %.0f, max %.0f)%n",
        xorMicros[rounds / 2], xorMicros[0], xorMicros[rounds - 1]);
    double flops = 3 * 2.0 * 100 * 784 * 50;
    System.out.printf("mnist 784x50 gemms, batch 100: median %.0f us = %.1f GFLOP/s%n",
        gemmMicros[rounds / 2], flops / gemmMicros[rounds / 2] / 1e3);
  }
}
