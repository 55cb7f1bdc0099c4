package lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run's model.zip, as a DL4J program that knows nothing of this project reads it: only
 * ModelSerializer.restoreMultiLayerNetwork and output(), then the outputs compared, bit for bit,
 * with what the run recorded in summary.json.
 */
class ModelRestoreTest {

  @Test
  void plainDl4jRestoresAnXorRunAndGivesItsRecordedOutputs(@TempDir Path results)
      throws Exception {
    LabCli.Result r = LabCli.run("run", "xor-2-2-1-adam", "--name", "xor-2-2-1-adam", "--set", "epochs=300",
        "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    Path dir = results.resolve("xor-2-2-1-adam");
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = new ObjectMapper().readValue(
        dir.resolve("summary.json").toFile(), Map.class);
    @SuppressWarnings("unchecked")
    List<Number> recorded = (List<Number>) summary.get("predictions");

    MultiLayerNetwork net =
        ModelSerializer.restoreMultiLayerNetwork(new File(dir.resolve("model.zip").toString()));
    assertEquals(MultiLayerNetwork.class, net.getClass());
    INDArray x = Nd4j.create(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}})
        .castTo(net.params().dataType());
    double[] out = net.output(x).castTo(DataType.DOUBLE).toDoubleVector();
    assertArrayEquals(recorded.stream().mapToDouble(Number::doubleValue).toArray(), out, 0.0);
    // The updater state (Adam's moments) came with it.
    assertTrue(net.getUpdater().getStateViewArray().length() > 0);
    assertTrue(net.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0);
  }

  @Test
  void theSameRunGivesTheSameModelBytes(@TempDir Path results) throws Exception {
    byte[][] zips = new byte[2][];
    for (int i = 0; i < 2; i++) {
      Path root = results.resolve("r" + i);
      LabCli.Result r = LabCli.run("run", "xor-2-2-1-sgd", "--name", "xor-2-2-1-sgd", "--set", "epochs=200",
          "--results", root.toString());
      assertEquals(0, r.code(), r.err());
      zips[i] = Files.readAllBytes(root.resolve("xor-2-2-1-sgd/model.zip"));
    }
    assertArrayEquals(zips[0], zips[1]);
  }
}
