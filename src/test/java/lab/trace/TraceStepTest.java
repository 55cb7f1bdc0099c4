package lab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.cli.Main;
import lab.experiment.XorExperiment;
import lab.results.Json;
import lab.scratch.Affine;
import lab.scratch.ScratchNetwork;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trace's numbers, which come from DL4J's per-layer backprop, equal the scratch engine's for
 * the same spec: every z, a, dL/da, dL/dz, dL/dW, dL/db, dL/dx, the loss, and the parameters after
 * one step of the spec's optimizer (SGD, Adam) with the trace's learning rate, to a relative 1e-10
 * in double precision.
 */
class TraceStepTest {
  static final double TOLERANCE = 1e-10;
  static final double ABS_FLOOR = 1e-15;

  static ExperimentSpec spec(String name, String... overrides) {
    List<String> all = new ArrayList<>(List.of("dtype=double"));
    all.addAll(List.of(overrides));
    return SpecLoader.load(Path.of("experiments", name + ".yaml"), all);
  }

  static void assertClose(double[][] expected, INDArray actual, String what) {
    INDArray e = Nd4j.create(expected).castTo(DataType.DOUBLE);
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(e.shape());
    double worst = 0;
    for (int i = 0; i < e.rows(); i++) {
      for (int j = 0; j < e.columns(); j++) {
        double x = e.getDouble(i, j);
        double y = a.getDouble(i, j);
        double diff = Math.abs(x - y);
        if (diff > ABS_FLOOR) worst = Math.max(worst, diff / Math.max(Math.abs(x), Math.abs(y)));
      }
    }
    assertTrue(worst < TOLERANCE, what + " differs by " + worst + ": trace " + e + " scratch " + a);
  }

  static double[][] rowOf(double[] v) {
    return new double[][] {v};
  }

  @ParameterizedTest(name = "{0} {1} lr {2}")
  @CsvSource({
    "xor-2-2-1-sgd, model.activation=sigmoid, 0.1",
    "xor-3hidden, model.activation=sigmoid, 0.5",
    "xor-deep-sgd, model.activation=tanh, 1.0",
    "xor-2-2-1-sgd, model.activation=relu, 0.1",
    "xor-2-2-1-sgd, loss=mse, 0.1",
    "xor-2-2-1-adam, model.activation=sigmoid, 0.01",
    "xor-2-2-1-sgd, optimizer.name=nesterov, 0.1",
  })
  void traceEqualsScratchEngine(String name, String override, double lr) {
    ExperimentSpec spec = spec(name, override);
    StepTrace trace = StepTrace.of(spec, lr);

    // The scratch engine, same spec and optimizer, with the trace's rate.
    ScratchNetwork scratch = ScratchNetwork.build(spec.with(Map.of("optimizer.lr", lr)), 2, 1);
    DataSet data = XorExperiment.dataSet(true);
    double loss = scratch.computeGradients(data.getFeatures(), data.getLabels());
    assertEquals(trace.lossValue(), loss, TOLERANCE * loss, "loss");
    assertEquals(scratch.layers(), trace.layers().size());

    for (int l = 0; l < scratch.layers(); l++) {
      StepTrace.LayerTrace t = trace.layers().get(l);
      Affine f = scratch.layer(l);
      String at = " of layer " + t.number();
      assertClose(t.w(), f.w.value, "W" + at);
      assertClose(rowOf(t.b()), f.b.value, "b" + at);
      assertClose(t.z(), scratch.z(l), "z" + at);
      assertClose(t.a(), scratch.a(l), "a" + at);
      assertClose(t.dLdz(), scratch.dLdz(l), "dL/dz" + at);
      assertClose(t.dLdW(), f.w.grad, "dL/dW" + at);
      assertClose(rowOf(t.dLdb()), f.b.grad, "dL/db" + at);
      if (l < scratch.layers() - 1) assertClose(t.dLda(), scratch.dLda(l), "dL/da" + at);
    }
    assertClose(trace.dLdx(), scratch.inputGradient(), "dL/dx");

    scratch.fit(data); // one SGD step with lr
    for (int l = 0; l < scratch.layers(); l++) {
      StepTrace.LayerTrace t = trace.layers().get(l);
      assertClose(t.wAfter(), scratch.layer(l).w.value, "W after the step, layer " + t.number());
      assertClose(rowOf(t.bAfter()), scratch.layer(l).b.value, "b after the step, layer "
          + t.number());
    }
  }

  @Test
  void commandWritesTraceFilesAndRejectsBadInput(@TempDir Path results) throws Exception {
    int code = Main.execute("trace", "xor-2-2-1-sgd", "--lr", "0.1", "--set", "dtype=double",
        "--results", results.toString());
    assertEquals(0, code);
    // The overrides name the folder, as they name a run's.
    Path dir = results.resolve("xor-2-2-1-sgd@dtype=double,optimizer.lr=0.1-trace");
    Map<String, Object> json = Json.read(dir.resolve("trace.json"));
    StepTrace direct = StepTrace.of(spec("xor-2-2-1-sgd"), 0.1);
    assertEquals(direct.lossValue(), ((Number) json.get("loss")).doubleValue(), 0.0);
    assertEquals(0.1, ((Number) json.get("lr")).doubleValue(), 0.0);
    assertTrue(Files.readString(dir.resolve("trace.md")).contains("[3] Backward pass"));

    assertEquals(Main.USER_ERROR, Main.execute("trace", "xor-2-2-1-sgd", "--lr", "-1",
        "--results", results.toString()));
    assertEquals(Main.USER_ERROR, Main.execute("trace", "no-such-experiment",
        "--results", results.toString()));
  }
}
