package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * SigmoidLoops against the ND4J ops DL4J runs in their place, bit for bit: the sigmoid backprop
 * over pre-activations from -100 to 100 (where the sigmoid saturates to 0 and 1, and around 0),
 * the squared-error gradient and score of LossL2 and LossMSE, and LossBinaryXENT's.
 */
class SigmoidLoopsTest {

  /** Pre-activations: a sweep of [-100, 100] in small steps plus some around 0, in 'f' order. */
  private static INDArray preActivations(int rows, int cols) {
    INDArray z = Nd4j.linspace(DataType.FLOAT, -100, 200.0 / (rows * cols), rows * cols)
        .reshape('c', rows, cols).dup('f');
    z.putScalar(0, 0, 0f);
    z.putScalar(1, 0, Float.MIN_VALUE);
    z.putScalar(2, 0, -1e-7f);
    return z;
  }

  @Test
  void sigmoidDeltaIsNd4jsSigmoidBackprop() {
    int rows = 500;
    int cols = 400;
    INDArray z = preActivations(rows, cols);
    Nd4j.getRandom().setSeed(7);
    INDArray eps = Nd4j.randn(DataType.FLOAT, cols, rows).transpose(); // a strided view
    INDArray s = Nd4j.exec(new Sigmoid(z.dup('f')));                 // the forward's output
    INDArray expected = z.dup('f');
    Nd4j.exec(new SigmoidDerivative(expected, eps, expected));        // DL4J's backprop op
    INDArray delta = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
    assertTrue(SigmoidLoops.fit(s, eps, delta));
    SigmoidLoops.sigmoidDelta(s, eps, delta);
    assertArrayEquals(FloatBits.of(expected), FloatBits.of(delta));
  }

  /**
   * Binary cross-entropy of sigmoid outputs: score and gradient equal to LossBinaryXENT's bits,
   * with the project's clip (1e-7) and DL4J's default (1e-5), over pre-activations from -100 to
   * 100, where the clip acts on both ends, and labels 0 and 1 on every value; a stacked
   * network's wide output included (many columns).
   */
  @Test
  void binaryCrossEntropyIsLossBinaryXents() {
    SigmoidLoops.Scratch scratch = new SigmoidLoops.Scratch(5); // reused across sizes and clips
    for (int[] size : new int[][] {{4, 1}, {100, 10}, {4, 40}, {2000, 1}}) {
      int rows = size[0];
      int cols = size[1];
      INDArray z = preActivations(Math.max(rows, 3), cols).get(
          org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('f');
      INDArray labels = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) labels.putScalar(r, c, (r + c) % 2);
      }
      for (double clip : new double[] {1e-7, 1e-5}) {
        LossBinaryXENT loss = new LossBinaryXENT(clip);
        SigmoidLoops.ScoreAndDelta ours = SigmoidLoops.binaryCrossEntropy(z, labels, clip,
            LayerWorkspaceMgr.noWorkspaces(), scratch);
        String what = rows + "x" + cols + " clip " + clip;
        assertEquals(loss.computeScore(labels, z.dup('f'), new ActivationSigmoid(), null, false),
            ours.score(), 0.0, what);
        INDArray expected = loss.computeGradient(labels, z.dup('f'), new ActivationSigmoid(),
            null);
        assertArrayEquals(FloatBits.of(expected), FloatBits.of(ours.delta()), what);
        assertEquals('f', ours.delta().ordering(), what);
        assertEquals(ours.score(), SigmoidLoops.binaryCrossEntropyScore(z, labels, clip, scratch),
            0.0, what + ": the score alone");
      }
    }
    // The clip acted: some sigmoids of [-100, 100] are 0 and 1 in float.
    INDArray s = Nd4j.exec(new Sigmoid(preActivations(100, 10).dup('c')));
    assertEquals(0f, s.minNumber().floatValue());
    assertEquals(1f, s.maxNumber().floatValue());
  }

  @Test
  void squaredErrorDeltaAndScoreAreLossL2sAndLossMses() {
    int rows = 100;
    int cols = 10;
    INDArray z = Nd4j.randn(DataType.FLOAT, rows, cols).muli(4).dup('f');
    INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, cols);
    for (int r = 0; r < rows; r++) labels.putScalar(r, r % cols, 1.0);
    INDArray s = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
    Nd4j.exec(new Sigmoid(z, s));
    for (LossL2 loss : new LossL2[] {new LossL2(), new LossMSE()}) {
      float divisor = loss instanceof LossMSE ? cols : 1;
      INDArray squares = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
      INDArray delta = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f');
      SigmoidLoops.squaredErrorDelta(s, labels, divisor, squares, delta);
      INDArray expected = loss.computeGradient(labels, z.dup('f'), new ActivationSigmoid(), null);
      assertArrayEquals(FloatBits.of(expected), FloatBits.of(delta),
          loss.getClass().getSimpleName());
      double score = squares.sumNumber().doubleValue() / divisor;
      assertEquals(loss.computeScore(labels, z.dup('f'), new ActivationSigmoid(), null, false),
          score, 0.0, loss.getClass().getSimpleName());
    }
  }

  @Test
  void fitsOnlyFloatMatricesAtTheirBuffersStart() {
    assertTrue(SigmoidLoops.fit(Nd4j.rand(DataType.FLOAT, 3, 4)));
    assertFalse(SigmoidLoops.fit(Nd4j.rand(DataType.DOUBLE, 3, 4)));
    assertFalse(SigmoidLoops.fit(Nd4j.rand(DataType.FLOAT, 3, 4, 2)));
    assertFalse(SigmoidLoops.fit(Nd4j.rand(DataType.FLOAT, 3, 4).getRow(1, true)));
  }
}
