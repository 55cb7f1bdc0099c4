package lab.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import lab.TestSpecs;
import lab.core.UserError;
import lab.mnist.MnistFiles;
import lab.net.NetworkFactory;
import lab.net.NetworkParameters;
import lab.net.ParameterReplay;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trace's step is DL4J's: after it, every parameter equals, to the bit, what DL4J's own
 * {@code fit} gives on the same batch from the same start, and so does the loss after the step;
 * for each optimizer and each experiment kind. Adam's moments and update follow its formula.
 */
class TraceFollowsFitTest {
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  static void assertSameStepAsFit(ExperimentSpec spec) {
    TraceBatch batch = TraceBatch.of(spec, QUIET);
    StepTrace trace = StepTrace.of(spec, batch);

    MultiLayerNetwork net = NetworkFactory.build(spec, batch.nIn(), batch.nOut());
    net.fit(batch.data());
    List<ParameterReplay.Dense> fitted = NetworkParameters.of(net);
    assertEquals(fitted.size(), trace.layers().size());
    for (int l = 0; l < fitted.size(); l++) {
      StepTrace.LayerTrace t = trace.layers().get(l);
      for (int i = 0; i < t.wAfter().length; i++) {
        assertArrayEquals(fitted.get(l).w()[i], t.wAfter()[i], "W" + (l + 1) + " row " + i);
      }
      assertArrayEquals(fitted.get(l).b(), t.bAfter(), "b" + (l + 1));
      assertTrue(differs(t.w(), t.wAfter()), "the step moved W" + (l + 1));
    }
    assertEquals(net.score(batch.data(), false), trace.lossAfter(), 0.0, "loss after the step");
  }

  private static boolean differs(double[][] a, double[][] b) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        if (a[i][j] != b[i][j]) return true;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "xor-3hidden, engine=dl4j",
    "xor-3hidden, engine=dl4j-stock",
    "xor-3hidden, dtype=double",
    "xor-2-2-1-sgd, engine=dl4j",
    "xor-2-2-1-sgd, optimizer.name=nesterov",
    "xor-2-2-1-sgd, optimizer.name=rmsprop",
    "xor-2-2-1-sgd, optimizer.name=adagrad",
    "noisy-xor-mlp, engine=dl4j",
    "noisy-xor-noisy-input, engine=dl4j",
    "noisy-xor-logreg, optimizer.name=adam",
    "regression-ch12, engine=dl4j",
  })
  void stepEqualsFit(String name, String override) {
    assertSameStepAsFit(TestSpecs.project(name, override));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"mnist-ch11", "mnist-modern"})
  void mnistStepEqualsFit(String name) {
    try {
      MnistFiles.check(MnistFiles.cacheDir());
    } catch (UserError e) {
      Assumptions.abort("MNIST cache not present or not valid (" + e.getMessage() + ")");
    }
    ExperimentSpec spec = TestSpecs.project(name);
    TraceBatch batch = TraceBatch.of(spec, QUIET);
    assertEquals(TraceBatch.SMALL, batch.rows());
    assertSameStepAsFit(spec);
  }

  /** In double precision: m = (1-beta1) g, v = (1-beta2) g^2, update = alpha m/(sqrt(v)+eps). */
  @Test
  void adamMomentsAndUpdateFollowItsFormula() {
    ExperimentSpec spec = TestSpecs.project("xor-3hidden", "dtype=double");
    StepTrace t = StepTrace.of(spec, TraceBatch.of(spec, QUIET));
    assertEquals("adam", t.optimizer());
    Map<String, Double> c = t.settings();
    double b1 = c.get("beta1");
    double b2 = c.get("beta2");
    double eps = c.get("epsilon");
    double alpha = c.get("alpha");
    assertEquals(spec.lr() * Math.sqrt(1 - b2) / (1 - b1), alpha, 0.0);
    for (StepTrace.LayerTrace l : t.layers()) {
      double[][] m = l.wState().get("M");
      double[][] v = l.wState().get("V");
      for (int i = 0; i < l.w().length; i++) {
        for (int j = 0; j < l.w()[i].length; j++) {
          double g = l.dLdW()[i][j];
          String at = "layer " + l.number() + " W[" + i + "][" + j + "]";
          assertClose((1 - b1) * g, m[i][j], "m of " + at);
          assertClose((1 - b2) * g * g, v[i][j], "v of " + at);
          assertClose(alpha * m[i][j] / (Math.sqrt(v[i][j]) + eps), l.wUpdate()[i][j],
              "update of " + at);
          assertEquals(l.w()[i][j] - l.wUpdate()[i][j], l.wAfter()[i][j], 0.0, "W after, " + at);
        }
      }
      for (int j = 0; j < l.b().length; j++) {
        assertClose((1 - b1) * l.dLdb()[j], l.bState().get("M")[0][j], "m of b" + l.number());
        assertClose(l.b()[j] - l.bUpdate()[j], l.bAfter()[j], "b after, layer " + l.number());
      }
    }
    assertTrue(t.lossAfter() < t.lossValue(), "one Adam step lowers the loss on the batch");
  }

  static void assertClose(double expected, double actual, String what) {
    double scale = Math.max(Math.abs(expected), Math.abs(actual));
    assertTrue(Math.abs(expected - actual) <= 1e-12 * scale + 1e-300,
        what + ": expected " + expected + ", got " + actual);
  }
}
