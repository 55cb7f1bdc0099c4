package lab.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every layer's weights and biases as plain arrays, in DL4J's orientation (W is [nIn][nOut]). */
public final class NetworkParameters {
  private NetworkParameters() {}

  /**
   * The most parameters summary.json holds. A larger network keeps them in model.zip only:
   * written out as JSON they would take gigabytes, and the charts replayed from them (XOR's
   * output surface, noisy XOR's decision regions, the regression's fit) would take minutes.
   */
  public static final long SUMMARY_LIMIT = 100_000;

  /**
   * Puts the layers into {@code extras} as summary.json's {@code parameters} when there are at
   * most {@link #SUMMARY_LIMIT}; else {@code parameters_omitted}, saying why. {@code layers} is
   * only called in the first case.
   */
  public static void putSummary(Map<String, Object> extras, long count,
      java.util.function.Supplier<List<ParameterReplay.Dense>> layers) {
    if (count <= SUMMARY_LIMIT) {
      extras.put("parameters", asSummary(layers.get()));
    } else {
      extras.put("parameters_omitted", String.format(java.util.Locale.ROOT, "%,d parameters, more"
          + " than %,d: kept in model.zip only, and the charts replayed from them are not drawn",
          count, SUMMARY_LIMIT));
    }
  }

  public static List<ParameterReplay.Dense> of(MultiLayerNetwork net) {
    List<ParameterReplay.Dense> layers = new ArrayList<>();
    for (int l = 0; l < net.getnLayers(); l++) {
      INDArray w = net.getLayer(l).getParam("W").castTo(DataType.DOUBLE);
      INDArray b = net.getLayer(l).getParam("b").castTo(DataType.DOUBLE);
      layers.add(new ParameterReplay.Dense(w.toDoubleMatrix(), b.toDoubleVector()));
    }
    return layers;
  }

  /** The summary.json form: a list of {"W": nIn rows of nOut numbers, "b": nOut numbers}. */
  public static List<Map<String, Object>> asSummary(List<ParameterReplay.Dense> layers) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ParameterReplay.Dense d : layers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("W", d.w());
      m.put("b", d.b());
      out.add(m);
    }
    return out;
  }
}
