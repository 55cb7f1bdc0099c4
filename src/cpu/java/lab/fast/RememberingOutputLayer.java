package lab.fast;

import java.util.Set;
import lab.net.ScoreAndOutput;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * DL4J's output layer doing the work of a gradient computation once instead of twice:
 * <ul>
 *   <li>The pre-activation x W + b: DL4J computes it for backprop, which the loss function turns
 *       into the gradient in place, and again for the score. Here it is computed when the network
 *       hands the layer its input, in the forward pass's activation memory; backprop gets a copy,
 *       the score the original. For the loss functions listed here, whose score only reads the
 *       pre-activation (each copies it before applying the activation), every number is the same.
 *   <li>Squared error (DL4J's LossL2 and LossMSE): the gradient and the score both apply the
 *       activation to a copy of the pre-activation and subtract the labels. Here that is done
 *       once, with LossL2's operations in its order; for a float sigmoid output the element-wise
 *       rest is {@link SigmoidLoops}, in Java, and ND4J sums the squares as LossL2 does. The
 *       score is kept for the network's score call that follows backprop.
 *   <li>Binary cross-entropy (LossBinaryXENT) of a sigmoid output: the same, the sigmoid and the
 *       two logarithms by ND4J once each instead of twice, the rest in Java.
 * </ul>
 *
 * <p>Only while {@link OwnGradientNetwork} computes a gradient, and not for layers with masks,
 * dropout on their input, weight noise or another loss: those are DL4J's layer unchanged.
 */
final class RememberingOutputLayer extends OutputLayer {
  private static final Set<Class<?>> SCORE_ONLY_READS =
      Set.of(LossBinaryXENT.class, LossL2.class, LossMSE.class, LossMCXENT.class);

  private boolean inGradient;
  private boolean inBackprop;
  private INDArray preOutput;
  private INDArray preOutputInput;
  /** The loss of a backprop done here (squared error, binary cross-entropy), for the score. */
  private Double rememberedLoss;
  /** How many backprops computed the loss and sigmoid delta in Java loops (for tests). */
  int sigmoidLoopBackprops;
  /** How many evaluation losses read the output of the forward pass before them (for tests). */
  int evaluationOutputsReused;
  /** In a stacked network: the copies side by side, and whether the input is shared by all. */
  private int copies = 1;
  private boolean sharedInput;
  /** The binary cross-entropy's intermediate matrices, kept between steps. */
  private final SigmoidLoops.Scratch bceScratch = new SigmoidLoops.Scratch(5);
  /**
   * The output of the last {@link #activate} outside training, of a squared-error layer, and the
   * input it came from: the loss of an evaluation that follows on that same input
   * (lab.net.ScoreAndOutput) reads it instead of computing the layer a second time. Taken once.
   */
  private INDArray evaluationOutput;
  private INDArray evaluationOutputInput;

  RememberingOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Set by the network around its gradient computation; false forgets what was kept. */
  void setInGradient(boolean on) {
    inGradient = on;
    preOutput = null;
    preOutputInput = null;
    rememberedLoss = null;
  }

  /**
   * Makes this the output layer of a stacked network of {@code copies} copies (see
   * {@link BlockGemm}); {@code sharedInput} when it is the network's only layer.
   */
  void stack(int copies, boolean sharedInput) {
    this.copies = copies;
    this.sharedInput = sharedInput;
  }

  private void requireCopyByCopy(String what) {
    if (copies > 1) {
      throw new IllegalStateException("stacked output layer: " + what
          + " would not be computed copy by copy");
    }
  }

  private boolean plain() {
    return maskArray == null && layerConf().getIDropout() == null
        && layerConf().getWeightNoise() == null
        && SCORE_ONLY_READS.contains(layerConf().getLossFn().getClass());
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    evaluationOutput = null;
    evaluationOutputInput = null;
    // BaseLayer.activate's steps, the sigmoid by DirectOps.
    INDArray out = DirectOps.activation(layerConf().getActivationFn(),
        preOutput(training, workspaceMgr), training);
    if (maskArray != null) applyMask(out);
    if (!training && copies == 1 && maskArray == null && squaredErrorLoss()) {
      evaluationOutput = out;
      evaluationOutputInput = input;
    }
    return out;
  }

  /** {@link #evaluationOutput} if still open and of the current input; forgotten either way. */
  private INDArray takeEvaluationOutput() {
    INDArray out = evaluationOutputInput == input ? evaluationOutput : null;
    evaluationOutput = null;
    evaluationOutputInput = null;
    return out != null && !out.wasClosed() ? out : null;
  }

  @Override
  public void clear() {
    super.clear();
    evaluationOutput = null;
    evaluationOutputInput = null;
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    if (input != evaluationOutputInput) {
      evaluationOutput = null;
      evaluationOutputInput = null;
    }
    super.setInput(input, workspaceMgr);
    preOutput = null;
    preOutputInput = null;
    rememberedLoss = null;
    if (inGradient && plain()) {
      INDArray x = this.input.castTo(dataType);
      INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
      INDArray b = hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
      if (!PreActivation.fits(x, w)) requireCopyByCopy("the pre-activation");
      preOutput = PreActivation.fits(x, w)
          ? PreActivation.columnMajor(x, w, b, workspaceMgr, copies, sharedInput)
          : super.preOutput2d(true, workspaceMgr);
      preOutputInput = this.input;
    } else if (inGradient) {
      requireCopyByCopy("a layer with masks, dropout, noise or another loss");
    }
  }

  @Override
  protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (training && preOutput != null && preOutputInput == input) {
      return inBackprop ? workspaceMgr.dup(ArrayType.ACTIVATIONS, preOutput) : preOutput;
    }
    return super.preOutput2d(training, workspaceMgr);
  }

  /**
   * Outside training (metrics, evaluation, predictions), a float sigmoid layer's pre-activation
   * straight into a column-major matrix, as the dense layers do: DL4J's way for one output goes
   * through sgemv with copies of the weights and of the result (four ops for XOR's four rows),
   * and the same numbers come from the direct product (DirectGemmTest). The sigmoid gives each
   * element the same value in either layout; another activation (softmax reads whole rows) keeps
   * DL4J's.
   */
  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    if (!training && !forBackprop && copies == 1 && maskArray == null && dataType == DataType.FLOAT
        && layerConf().getActivationFn().getClass() == ActivationSigmoid.class) {
      INDArray z = PreActivation.ofInput(input, dataType,
          getParam(DefaultParamInitializer.WEIGHT_KEY),
          hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null, workspaceMgr);
      if (z != null) return new Pair<>(z, z);
    }
    return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (preOutput != null && preOutputInput == input && squaredError()) {
      return squaredErrorBackprop(workspaceMgr);
    }
    if (preOutput != null && preOutputInput == input && binaryCrossEntropy()) {
      return binaryCrossEntropyBackprop(workspaceMgr);
    }
    if (copies > 1) {
      if (!(inGradient && preOutput != null && preOutputInput == input)) {
        requireCopyByCopy("backprop outside a gradient computation");
      }
      return lossBackprop(workspaceMgr);
    }
    inBackprop = true;
    try {
      return super.backpropGradient(epsilon, workspaceMgr);
    } finally {
      inBackprop = false;
    }
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training,
      LayerWorkspaceMgr workspaceMgr) {
    Double loss;
    if (training && rememberedLoss != null && preOutputInput == input) {
      loss = rememberedLoss; // the backprop's, done here
      rememberedLoss = null;
    } else {
      loss = training ? null : evaluationLoss(workspaceMgr);
      if (loss == null) return super.computeScore(fullNetRegTerm, training, workspaceMgr);
    }
    this.score = scoreOf(loss, getInputMiniBatchSize(), fullNetRegTerm);
    return score;
  }

  /**
   * DL4J's steps after the loss function's score, for a batch of {@code rows} rows. (DL4J also
   * stores the regularization term, for this layer's own computeGradientAndScore, which
   * MultiLayerNetwork does not call.)
   */
  double scoreOf(double loss, int rows, double fullNetRegTerm) {
    double score = loss;
    if (conf().isMiniBatch()) score /= rows;
    score += fullNetRegTerm;
    return score;
  }

  /** Whether an evaluation's loss here is binary cross-entropy from the pre-activation. */
  boolean evaluatesBinaryCrossEntropy() {
    return maskArray == null && binaryCrossEntropyLoss();
  }

  /**
   * The loss an evaluation of this layer computes ({@link #evaluationLoss}) from a pre-activation
   * computed elsewhere (this copy's column of a stacked network's, lab.fast.StackedScores); null
   * where the evaluation would leave the loss to DL4J.
   */
  Double copyEvaluationLoss(INDArray preOut, INDArray labels2d) {
    if (!evaluatesBinaryCrossEntropy()) return null;
    INDArray y = labels2d.castTo(preOut.dataType());
    if (!y.equalShapes(preOut) || !SigmoidLoops.fit(preOut, y)) return null;
    return binaryCrossEntropyScore(preOut, y);
  }

  private double binaryCrossEntropyScore(INDArray preOut, INDArray labels2d) {
    return SigmoidLoops.binaryCrossEntropyScore(preOut, labels2d,
        ((LossBinaryXENT) layerConf().getLossFn()).getClipEps(), bceScratch);
  }

  /**
   * The loss function's score (not averaged) of a set outside training (an evaluation's), from
   * one pass, for binary cross-entropy and squared error of a float sigmoid output; null for
   * anything else, which DL4J's computeScore handles.
   */
  private Double evaluationLoss(LayerWorkspaceMgr workspaceMgr) {
    if (input == null || labels == null || maskArray != null) return null;
    boolean bce = binaryCrossEntropyLoss();
    if (!bce && !squaredErrorLoss()) return null;
    INDArray output = takeEvaluationOutput();
    if (!bce && output != null) {
      // The sigmoid of the same pre-activation by the same ND4J op: the numbers computed below.
      INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.FF_WORKING_MEM)
          .castTo(output.dataType());
      if (labels2d.equalShapes(output) && SigmoidLoops.fit(output, labels2d)) {
        evaluationOutputsReused++;
        return squaredErrorSum(output, labels2d);
      }
    }
    INDArray preOut = preOutput2d(false, workspaceMgr);
    try {
      return evaluationLoss(preOut, bce, workspaceMgr);
    } finally {
      // An evaluation's pre-activation (55,000 x 10 for MNIST) is this call's alone: freed now,
      // so that the next evaluation reuses its memory instead of taking fresh pages.
      if (preOut != preOutput) ScoreAndOutput.release(preOut, input, labels);
    }
  }

  private Double evaluationLoss(INDArray preOut, boolean bce, LayerWorkspaceMgr workspaceMgr) {
    INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.FF_WORKING_MEM)
        .castTo(preOut.dataType());
    if (!labels2d.equalShapes(preOut) || !SigmoidLoops.fit(preOut, labels2d)) return null;
    if (bce) return binaryCrossEntropyScore(preOut, labels2d);
    // Squared error: the sigmoid of the pre-activation into a row-major matrix, then its sum.
    INDArray output = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', preOut.shape());
    DirectOps.execSigmoid(preOut, output);
    double loss = squaredErrorSum(output, labels2d);
    output.close(); // this layer's own temporary, not kept
    return loss;
  }

  /**
   * Squared error's loss of a sigmoid output: the squares in a row-major matrix, summed by ND4J
   * in its memory order (whatever the output's own order); LossMSE divides by the outputs.
   */
  private double squaredErrorSum(INDArray output, INDArray labels2d) {
    INDArray squares = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', output.shape());
    SigmoidLoops.squaredErrorDelta(output, labels2d, 1, squares, null);
    double sum = ShortLoops.sumNumber(squares);
    squares.close();
    return layerConf().getLossFn() instanceof LossMSE ? sum / labels2d.size(1) : sum;
  }

  private boolean squaredError() {
    ILossFunction loss = layerConf().getLossFn();
    return (loss.getClass() == LossL2.class || loss.getClass() == LossMSE.class)
        && ((LossL2) loss).getWeights() == null && labels != null
        && labels.equalShapes(preOutput);
  }

  /** LossL2 or LossMSE without weights, of a sigmoid output, in float. */
  private boolean squaredErrorLoss() {
    ILossFunction loss = layerConf().getLossFn();
    return (loss.getClass() == LossL2.class || loss.getClass() == LossMSE.class)
        && ((LossL2) loss).getWeights() == null
        && layerConf().getActivationFn().getClass() == ActivationSigmoid.class
        && dataType == DataType.FLOAT;
  }

  /**
   * Binary cross-entropy (LossBinaryXENT, no weights, clipping on) of a float sigmoid output
   * that the loops can address.
   */
  private boolean binaryCrossEntropy() {
    return binaryCrossEntropyLoss() && labels != null && labels.equalShapes(preOutput)
        && SigmoidLoops.fit(preOutput, labels);
  }

  /** LossBinaryXENT without weights, clipping on, of a sigmoid output, in float. */
  private boolean binaryCrossEntropyLoss() {
    ILossFunction loss = layerConf().getLossFn();
    return loss.getClass() == LossBinaryXENT.class && ((LossBinaryXENT) loss).getWeights() == null
        && ((LossBinaryXENT) loss).getClipEps() > 0
        && layerConf().getActivationFn().getClass() == ActivationSigmoid.class
        && dataType == DataType.FLOAT;
  }

  /**
   * LossBinaryXENT's score and gradient from one pass ({@link SigmoidLoops#binaryCrossEntropy}),
   * then DL4J's backprop steps.
   */
  private Pair<Gradient, INDArray> binaryCrossEntropyBackprop(LayerWorkspaceMgr workspaceMgr) {
    INDArray z = preOutput;
    preOutput = null;
    INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM);
    double clip = ((LossBinaryXENT) layerConf().getLossFn()).getClipEps();
    SigmoidLoops.ScoreAndDelta r = SigmoidLoops.binaryCrossEntropy(z, labels2d, clip,
        workspaceMgr, bceScratch);
    sigmoidLoopBackprops++;
    rememberedLoss = r.score();
    return gradientsFromDelta(r.delta(), workspaceMgr);
  }

  /**
   * LossL2's (or LossMSE's) gradient and score from one pass, then DL4J's backprop steps, with
   * the products by {@link DirectGemm}.
   */
  private Pair<Gradient, INDArray> squaredErrorBackprop(LayerWorkspaceMgr workspaceMgr) {
    INDArray z = preOutput;
    preOutput = null;
    INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM).castTo(z.dataType());
    boolean mse = layerConf().getLossFn() instanceof LossMSE;
    long outputs = labels2d.size(1);
    IActivation activation = layerConf().getActivationFn();
    INDArray delta;
    double sum;
    if (activation.getClass() == ActivationSigmoid.class && SigmoidLoops.fit(z, labels2d)) {
      // LossL2 applies the activation to a row-major copy of z; here one op writes the sigmoid
      // of z into a row-major matrix.
      INDArray output = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM,
          DataType.FLOAT, z.shape(), 'c');
      DirectOps.execSigmoid(z, output);
      // The same layouts as DL4J's: its squares are a row-major copy (the sum's order), its
      // delta a copy of the pre-activation.
      INDArray squares = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM,
          DataType.FLOAT, output.shape(), 'c');
      delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
          z.shape(), z.ordering());
      SigmoidLoops.squaredErrorDelta(output, labels2d, mse ? outputs : 1, squares, delta);
      sum = ShortLoops.sumNumber(squares);
      sigmoidLoopBackprops++;
    } else {
      INDArray difference = activation.getActivation(z.dup(), true).subi(labels2d);
      sum = difference.mul(difference).sumNumber().doubleValue();
      delta = activation.backprop(z, difference.muli(2)).getFirst();
      if (mse) delta.divi(outputs);
      delta = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta);
    }
    rememberedLoss = mse ? sum / outputs : sum;
    return gradientsFromDelta(delta, workspaceMgr);
  }

  /**
   * DL4J's backprop of the output layer (the loss function's gradient, then the weight and bias
   * gradients and the input gradient) for a stacked network, with the products copy by copy.
   */
  private Pair<Gradient, INDArray> lossBackprop(LayerWorkspaceMgr workspaceMgr) {
    INDArray z = workspaceMgr.dup(ArrayType.ACTIVATIONS, preOutput);
    INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray delta = layerConf().getLossFn().computeGradient(labels2d, z,
        layerConf().getActivationFn(), maskArray);
    return gradientsFromDelta(workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta),
        workspaceMgr);
  }

  /**
   * DL4J's steps from the output layer's delta on, in its order, with the products by
   * {@link DirectGemm}, or copy by copy by {@link BlockGemm} in a stacked network.
   */
  private Pair<Gradient, INDArray> gradientsFromDelta(INDArray delta,
      LayerWorkspaceMgr workspaceMgr) {
    if (copies > 1 && delta.size(1) == copies && !(delta.size(0) == 1 || delta.stride(0) == 1)) {
      // A copy's own delta of one column is stored by columns: so must its block be.
      delta = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, delta, 'f');
    }
    Gradient gradient = new DefaultGradient();
    INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    INDArray inputT = input.castTo(weightGradient.dataType()).transpose();
    BlockGemm.weightGradient(inputT, delta, weightGradient, copies, sharedInput);
    gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
    if (hasBias()) {
      INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      if (!ShortLoops.columnSums(delta, biasGradient)) delta.sum(biasGradient, 0);
      gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
    }
    INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
    INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD,
        delta.dataType(), new long[] {w.size(0), delta.size(0)}, 'f');
    if (copies > 1 && !sharedInput) {
      BlockGemm.product(w, delta.transpose(), epsilonNext, copies,
          new BlockGemm.Split(true, false, true));
    } else {
      // Alone, or the gradient of the input all copies share (which DL4J drops for layer 0).
      DirectGemm.product(w, delta.transpose(), epsilonNext);
    }
    return new Pair<>(gradient, epsilonNext.transpose());
  }
}
