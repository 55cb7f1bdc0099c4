package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import lab.LabCli;
import lab.core.UserError;
import lab.results.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./lab predict on a short MNIST run: the first test digits as an IDX file and as PNG images give
 * the same predictions, and images of the wrong size or colour are refused in one line.
 */
class MnistPredictTest {
  @TempDir static Path results;
  static MnistData data;

  @BeforeAll
  static void trainAShortRun() {
    try {
      MnistFiles.check(MnistFiles.cacheDir());
    } catch (UserError e) {
      Assumptions.abort("MNIST cache not present or not valid (" + e.getMessage() + ")");
    }
    LabCli.Result r = LabCli.run("run", "mnist-ch11", "--name", "mnist-ch11", "--set", "data.train_limit=2000",
        "--set", "epochs=2", "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    data = MnistData.read(MnistFiles.cacheDir());
  }

  @Test
  void idxAndPngInputsGiveTheSamePredictions() throws Exception {
    int n = 5;
    Path idx = results.resolve("five.idx");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(idx))) {
      out.writeInt(IdxFile.IMAGES_MAGIC);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < n; i++) out.write(data.testImage(i));
    }
    LabCli.Result fromIdx = LabCli.run("predict", "mnist-ch11", "--input", idx.toString(),
        "--results", results.toString());
    assertEquals(0, fromIdx.code(), fromIdx.err());
    List<String> idxLines = fromIdx.out().lines().toList();
    assertEquals(n + 1, idxLines.size());
    assertTrue(idxLines.get(0).startsWith("input,p0,p1,"), idxLines.get(0));

    String[] args = new String[2 * n + 4];
    int a = 0;
    args[a++] = "predict";
    args[a++] = "mnist-ch11";
    for (int i = 0; i < n; i++) {
      Path png = results.resolve("digit" + i + ".png");
      ImageIO.write(gray(data.testImage(i)), "png", png.toFile());
      args[a++] = "--input";
      args[a++] = png.toString();
    }
    args[a++] = "--results";
    args[a] = results.toString();
    LabCli.Result fromPng = LabCli.run(args);
    assertEquals(0, fromPng.code(), fromPng.err());
    List<String> pngLines = fromPng.out().lines().toList();
    // The run's own test evaluation lists its first misclassified test images with their
    // predicted digit: every other image was predicted as its label.
    Map<Integer, Integer> wrong = new HashMap<>();
    for (Object o : (List<?>) Json.read(results.resolve("mnist-ch11/summary.json"))
        .get("first_misclassified")) {
      Map<?, ?> m = (Map<?, ?>) o;
      wrong.put(((Number) m.get("test_index")).intValue(),
          ((Number) m.get("predicted")).intValue());
    }
    long[] labels = data.test(false).getLabels().argMax(1).toLongVector();
    for (int i = 1; i <= n; i++) {
      String idxRow = idxLines.get(i).substring(idxLines.get(i).indexOf(','));
      String pngRow = pngLines.get(i).substring(pngLines.get(i).indexOf(','));
      assertEquals(idxRow, pngRow, "image " + (i - 1));
      String[] cells = idxLines.get(i).split(",");
      int expected = wrong.getOrDefault(i - 1, (int) labels[i - 1]);
      assertEquals(expected, Integer.parseInt(cells[cells.length - 1]), "image " + (i - 1));
    }
  }

  @Test
  void refusesImagesOfTheWrongSizeOrColour() throws Exception {
    Path small = results.resolve("small.png");
    ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY), "png", small.toFile());
    Path rgb = results.resolve("rgb.png");
    ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
    Path text = results.resolve("text.png");
    Files.writeString(text, "not an image");
    // An IDX header that counts no images (the message was "16 bytes for 0 images; expected 16").
    Path none = results.resolve("none.idx");
    java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16).putInt(2051).putInt(0)
        .putInt(28).putInt(28);
    Files.write(none, header.array());
    String[][] cases = {
        {none.toString(), none + ": the IDX header counts 0 images; allowed: 1 or more"},
        {small.toString(), small + ": image of 20x20, expected 28x28"},
        {rgb.toString(), rgb + ": not 8-bit grayscale"},
        {text.toString(), text + ": neither a PNG image nor an IDX image file"},
    };
    for (String[] c : cases) {
      LabCli.Result r = LabCli.run("predict", "mnist-ch11", "--input", c[0], "--results",
          results.toString());
      assertEquals(2, r.code(), c[0]);
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: " + c[1]), r.err());
    }
  }

  private static BufferedImage gray(byte[] pixels) {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, pixels[y * 28 + x] & 0xFF);
    }
    return img;
  }
}
