package lab.net;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The project's CPU fast path for DL4J (package lab.fast, compiled only into the CPU build):
 * ND4J and DL4J parts replaced by leaner ones that give the same numbers. Loaded by name by
 * {@link Engines}, so that a build without it (the cuda profile) neither compiles nor loads it.
 * See docs/nd4j-internals.md for each substitution.
 */
public interface FastPath {

  /** JVM-wide settings that ND4J and JavaCPP read once, when they load. */
  void beforeNd4jLoads();

  /**
   * Installs what can only be installed once ND4J has loaded, checks that every install took
   * effect, and returns warning lines for those that did not (each then left at ND4J's own).
   */
  List<String> afterNd4jLoads();

  /** The JVM-wide substitutions in effect in this process, observed, not assumed. */
  List<String> jvmWideInEffect();

  /** The substitutions a network of {@link #newNetwork} and {@link #copyRows} bring. */
  List<String> perRun();

  /** A network of {@code conf} that trains with the same numbers as DL4J's, with less work. */
  MultiLayerNetwork newNetwork(MultiLayerConfiguration conf);

  /**
   * An initialized network of {@code conf} holding {@code copies} networks side by side (see
   * {@link StackedNetwork}), whose training computes each copy with the same floating-point
   * operations, in the same order, as the copy's own network of {@link #newNetwork}.
   */
  MultiLayerNetwork newStackedNetwork(MultiLayerConfiguration conf, int copies);

  /**
   * For a network of {@link #newStackedNetwork} and the copies' own networks {@code own}: each
   * copy's score and outputs on {@code set}, the numbers {@link ScoreAndOutput#of} gives on the
   * copy's own network holding the copy's parameters, from one forward pass of the stacked
   * network; or null when that pass does not apply (the caller then measures copy by copy). Only
   * the stacked network's parameters are read.
   */
  List<ScoreAndOutput.Result> scoreCopies(MultiLayerNetwork stacked, List<MultiLayerNetwork> own,
      DataSet set);

  /** Copies {@code rows} of {@code source}, in order, into the first rows of {@code target}. */
  void copyRows(INDArray source, INDArray target, int[] rows);

  /**
   * Copies the block of {@code source} starting at {@code row} and {@code column}, of
   * {@code target}'s shape, into {@code target} (for vectors: from element {@code column} on), and
   * returns true; or returns false, changing nothing, when it cannot.
   */
  boolean copyBlock(INDArray source, long row, long column, INDArray target);
}
