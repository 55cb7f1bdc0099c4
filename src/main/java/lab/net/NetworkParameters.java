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
