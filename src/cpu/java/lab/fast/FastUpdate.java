package lab.fast;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.api.ConvexOptimizer;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.deeplearning4j.optimize.stepfunctions.NegativeGradientStepFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.SgdUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The end of a training step, after the gradient, with fewer ND4J ops for short parameter
 * vectors (an XOR stack's 4,220 numbers; see {@link ShortLoops#MAX_UPDATED}). DL4J divides the
 * gradient by the batch size, applies the updater and subtracts the update from the parameters:
 * three ops of about 10 us each, a third of a stacked XOR step. Here:
 * <ul>
 *   <li>{@link Updater}, the network's updater, divides by the batch size in Java;
 *   <li>plain SGD's update, the gradient times the learning rate, and Adam's are Java loops
 *       ({@link JavaSgd}, {@link JavaAdam}, in the updater blocks in place of DL4J's); other
 *       updaters are DL4J's;
 *   <li>the optimizer's step, parameters minus update, is a Java loop ({@link Step}).
 * </ul>
 * Each loop does what ND4J's op does to each element: one float division by the batch size as a
 * float, one product by the learning rate as a float (ND4J's scalar ops cast the scalar to the
 * array's type), one difference. Longer vectors, other types and layouts take DL4J's ops.
 */
final class FastUpdate {
  private FastUpdate() {}

  /**
   * Gives {@code net} (initialized, its layers final) the updater and step function here, and
   * returns whether both took effect.
   */
  static boolean install(MultiLayerNetwork net) {
    Updater updater = new Updater(net);
    net.setUpdater(updater);
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      if (block.getGradientUpdater() == null) block.init();
      if (block.getGradientUpdater() instanceof SgdUpdater sgd) {
        block.setGradientUpdater(new JavaSgd(sgd.getConfig()));
      } else if (block.getGradientUpdater() != null
          && block.getGradientUpdater().getClass() == AdamUpdater.class) {
        block.setGradientUpdater(new JavaAdam((AdamUpdater) block.getGradientUpdater()));
      }
    }
    ConvexOptimizer optimizer = net.getOptimizer();
    if (!(optimizer instanceof BaseOptimizer) || optimizer.getUpdater() != updater) return false;
    try {
      Field field = BaseOptimizer.class.getDeclaredField("stepFunction");
      field.setAccessible(true);
      Object step = field.get(optimizer);
      if (step instanceof Step) return true;
      if (step.getClass() != NegativeGradientStepFunction.class) return false;
      field.set(optimizer, new Step());
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean WARNED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** One line on standard error, once per process, when {@link #install} did not take. */
  static void warnOnce() {
    if (!WARNED.getAndSet(true)) {
      System.err.println("warning: DL4J's optimizer step could not be replaced (BaseOptimizer"
          + ".stepFunction not found: another DL4J version?); keeping DL4J's step, same numbers");
    }
  }

  /** DL4J's MultiLayerUpdater with the division by the batch size in Java where it fits. */
  static final class Updater extends MultiLayerUpdater {
    Updater(MultiLayerNetwork network) {
      super(network);
    }

    /**
     * Points the blocks at the network's flattened gradient as it is now, as DL4J's constructor
     * does: DL4J's initGradientsView replaces that array, and an updater made before would go
     * on updating the old one. (DL4J makes its updater at the first fit, after that.)
     */
    void followGradients() {
      INDArray flat = getFlattenedGradientsView();
      if (flat == null) return;
      INDArray vector = flat.reshape(flat.length());
      for (UpdaterBlock block : getUpdaterBlocks()) {
        if (block.getParamOffsetEnd() > block.getParamOffsetStart()) {
          block.setGradientView(vector.get(NDArrayIndex.interval(block.getParamOffsetStart(),
              block.getParamOffsetEnd())));
        }
      }
      initializedMinibatchDivision = false;
      gradientsForMinibatchDivision = null;
    }

    /** DL4J's steps (BaseMultiLayerUpdater.divideByMinibatch), each division by a loop. */
    @Override
    protected void divideByMinibatch(boolean isExternal, Gradient gradient, int batchSize) {
      if (!initializedMinibatchDivision) {
        gradientsForMinibatchDivision = getMinibatchDivisionSubsets(getFlattenedGradientsView());
        initializedMinibatchDivision = true;
      }
      List<INDArray> subsets = isExternal
          ? getMinibatchDivisionSubsets(gradient.gradient()) : gradientsForMinibatchDivision;
      for (INDArray subset : subsets) {
        if (!ShortLoops.divide(subset, (float) batchSize)
            && !DirectOps.divide(subset, (float) batchSize)) {
          subset.divi(batchSize);
        }
      }
    }
  }

  /** DL4J's SgdUpdater (update = gradient * learning rate) as a loop where it fits. */
  static final class JavaSgd implements GradientUpdater<Sgd> {
    private final Sgd config;

    JavaSgd(Sgd config) {
      this.config = config;
    }

    @Override
    public Sgd getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      // SGD keeps no state.
    }

    @Override
    public Map<String, INDArray> getState() {
      return Map.of();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
        boolean initialize) {
      // SGD keeps no state.
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      double lr = config.getLearningRate(iteration, epoch);
      if (!ShortLoops.multiply(gradient, (float) lr) && !DirectOps.multiply(gradient, (float) lr)) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater(gradient, lr));
      }
    }
  }

  /**
   * DL4J's AdamUpdater, whose op (libnd4j's adam_updater) computes in the gradient's type: the
   * rates and constants cast to float, beta^(t + 1) by ND4J's power function, the step size
   * lr * sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1)) with its division in double (the constant 1.0
   * is one), then per element m = beta1 m + g (1 - beta1), v = beta2 v + g g (1 - beta2) and
   * update = (m step) / (sqrt(v) + epsilon), in that order, without fused multiply-adds. The same
   * in Java where the arrays fit, with the powers from {@link Powers}; the state is DL4J's own
   * (the same m and v views). FastUpdateTest compares it with ND4J's op, step after step.
   */
  static final class JavaAdam extends AdamUpdater {
    JavaAdam(AdamUpdater dl4j) {
      super(dl4j.getConfig());
      setM(dl4j.getM());
      setV(dl4j.getV());
      setGradientReshapeOrder(dl4j.getGradientReshapeOrder());
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      INDArray m = getM();
      INDArray v = getV();
      if (m == null || v == null || iteration < 0 || iteration >= Powers.MAX_EXPONENT - 1
          || !ShortLoops.adam(gradient, m, v, (float) getConfig().getLearningRate(iteration,
              epoch), (float) getConfig().getBeta1(), (float) getConfig().getBeta2(),
              (float) getConfig().getEpsilon(), iteration)) {
        super.applyUpdater(gradient, iteration, epoch);
      }
    }
  }

  /** DL4J's NegativeGradientStepFunction (parameters -= update) as a loop where it fits. */
  static final class Step extends NegativeGradientStepFunction {
    @Override
    public void step(INDArray parameters, INDArray update) {
      if (!ShortLoops.subtract(parameters, update) && !DirectOps.subtract(parameters, update)) {
        super.step(parameters, update);
      }
    }
  }
}
