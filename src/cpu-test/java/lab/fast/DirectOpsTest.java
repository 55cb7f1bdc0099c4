package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import lab.TestSpecs;
import lab.net.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.data.StringCounter;

/**
 * DirectOps's calls give the bits of the ND4J ops they replace, on plain arrays and views of
 * both storage orders, and training a float sigmoid network sends none of those ops through ND4J's
 * executioner any more.
 */
class DirectOpsTest {
  private static final Random RANDOM = new Random(41);

  /** Numbers spread over many magnitudes, with zeros of both signs and infinities. */
  private static INDArray spread(long rows, long cols, char order) {
    INDArray x = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, order);
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < cols; c++) {
        int kind = RANDOM.nextInt(40);
        float v = kind == 0 ? 0f : kind == 1 ? -0f : kind == 2 ? Float.POSITIVE_INFINITY
            : kind == 3 ? Float.NEGATIVE_INFINITY
            : (float) (RANDOM.nextGaussian() * Math.exp(4 * RANDOM.nextGaussian()));
        x.putScalar(r, c, v);
      }
    }
    return x;
  }

  /** The arrays compared: MNIST's and XOR's shapes, the updater's long vector, and views. */
  private static List<INDArray> cases(char order) {
    INDArray wide = spread(30, 70, order);
    INDArray flat = spread(1, 50_000, order);
    return List.of(spread(100, 50, order), spread(100, 10, order), spread(4, 40, order),
        spread(1, 39_760, order),
        wide.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 42)),
        wide.get(NDArrayIndex.interval(3, 29), NDArrayIndex.all()),
        flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(1_000, 40_760)).reshape(1, 39_760));
  }

  private static void sameAsNd4j(String what, Function<INDArray, INDArray> nd4j,
      Function<INDArray, Boolean> direct) {
    for (char order : new char[] {'c', 'f'}) {
      for (INDArray x : cases(order)) {
        INDArray expected = nd4j.apply(x.dup(x.ordering()));
        INDArray got = x.dup(x.ordering());
        assertTrue(direct.apply(got), what + " taken for " + x.shapeInfoToString());
        assertArrayEquals(FloatBits.of(expected), FloatBits.of(got),
            what + " of " + x.shapeInfoToString());
      }
    }
  }

  @Test
  void theChecksSeeEveryBitAndEitherStorageOrder() {
    float[] values = {1.5f, -0f, 0f, Float.NaN, -2.25e-30f, 7f};
    INDArray c = DirectOps.matrix(2, 3, 'c', values);
    INDArray f = DirectOps.matrix(2, 3, 'f', values);
    assertEquals('f', f.ordering());
    for (int r = 0; r < 2; r++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(Float.floatToRawIntBits(values[r * 3 + k]),
            Float.floatToRawIntBits(f.getFloat(r, k)), "(" + r + ", " + k + ")");
      }
    }
    assertTrue(DirectOps.sameBits(c, f));
    float[] signFlipped = values.clone();
    signFlipped[1] = 0f; // -0 becomes +0
    assertFalse(DirectOps.sameBits(c, DirectOps.matrix(2, 3, 'f', signFlipped)));
    float[] lastBit = values.clone();
    lastBit[5] = Math.nextUp(7f);
    assertFalse(DirectOps.sameBits(c, DirectOps.matrix(2, 3, 'c', lastBit)));
    assertFalse(DirectOps.sameBits(c, DirectOps.matrix(3, 2, 'c', values)));
    assertFalse(DirectOps.sameBits(c, null));
  }

  @Test
  void eachCallGivesTheBitsOfTheOpItReplaces() {
    assertTrue(DirectOps.inEffect(), "the per-process check");
    sameAsNd4j("sigmoid in place", x -> Nd4j.exec(new Sigmoid(x)),
        x -> DirectOps.sigmoid(x, x));
    sameAsNd4j("log in place", x -> Nd4j.exec(new Log(x)), x -> DirectOps.log(x, x));
    for (float y : new float[] {100f, 0.1f, 3e-7f, -0.5f, 0f, -0f}) {
      sameAsNd4j("division by " + y, x -> x.divi(y), x -> DirectOps.divide(x, y));
      sameAsNd4j("SGD at rate " + y, x -> Nd4j.exec(new SgdUpdater(x, y))[0],
          x -> DirectOps.multiply(x, y));
    }
    for (char order : new char[] {'c', 'f'}) {
      INDArray x = spread(100, 50, order);
      INDArray sigmoid = Nd4j.createUninitialized(DataType.FLOAT, new long[] {100, 50}, 'c');
      INDArray direct = Nd4j.createUninitialized(DataType.FLOAT, new long[] {100, 50}, 'c');
      Nd4j.exec(new Sigmoid(x, sigmoid));
      assertTrue(DirectOps.sigmoid(x, direct));
      assertArrayEquals(FloatBits.of(sigmoid), FloatBits.of(direct), "sigmoid into another layout");
    }
  }

  @Test
  void theStepIsNd4jsSubtraction() {
    for (char order : new char[] {'c', 'f'}) {
      for (INDArray parameters : List.of(spread(1, 39_760, order), spread(784, 50, order),
          spread(1, 20_000, order))) {
        INDArray update = spread(parameters.size(0), parameters.size(1), order);
        INDArray expected = parameters.dup(order).subi(update);
        assertTrue(DirectOps.subtract(parameters, update));
        assertArrayEquals(FloatBits.of(expected), FloatBits.of(parameters),
            parameters.shapeInfoToString());
      }
    }
  }

  @Test
  void whatItDoesNotTakeIsLeftUnchanged() {
    INDArray doubles = Nd4j.rand(DataType.DOUBLE, 5, 5);
    INDArray before = doubles.dup();
    assertFalse(DirectOps.sigmoid(doubles, doubles));
    assertFalse(DirectOps.divide(doubles, 2f));
    assertEquals(before, doubles);
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4);
    assertFalse(DirectOps.sigmoid(x, Nd4j.create(DataType.FLOAT, 4, 6)), "another shape");
    INDArray column = Nd4j.rand(DataType.FLOAT, 6, 4).get(NDArrayIndex.all(),
        NDArrayIndex.point(1));
    assertFalse(DirectOps.subtract(column, Nd4j.rand(DataType.FLOAT, 6)),
        "elements not side by side");
    assertFalse(DirectOps.subtract(spread(3, 4, 'c'), spread(3, 4, 'f')),
        "another storage order");
  }

  @Test
  void trainingAFloatSigmoidNetworkSendsNoneOfTheseOpsThroughNd4j() {
    MultiLayerNetwork net = NetworkFactory.build(TestSpecs.project("mnist-ch11"), 784, 10);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 100, 10);
    for (int r = 0; r < 100; r++) labels.putScalar(r, r % 10, 1f);
    DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 100, 784), labels);
    net.fit(batch); // outside the count: the first step sets things up
    OpExecutioner executioner = Nd4j.getExecutioner();
    OpExecutioner.ProfilingMode mode = executioner.getProfilingMode();
    StringCounter ops = OpProfiler.getInstance().getOpCounter();
    try {
      executioner.setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
      OpProfiler.getInstance().reset();
      for (int step = 0; step < 3; step++) net.fit(batch);
      for (String op : List.of("sigmoid", "div_scalar", "sgd_updater", "subtract")) {
        assertEquals(0, ops.getCount(op), op + " through ND4J");
      }
      Nd4j.exec(new Sigmoid(Nd4j.rand(DataType.FLOAT, 2, 2)));
      assertEquals(1, ops.getCount("sigmoid"), "the profiler counts an ND4J sigmoid");
    } finally {
      executioner.setProfilingMode(mode);
      OpProfiler.getInstance().reset();
    }
  }
}
