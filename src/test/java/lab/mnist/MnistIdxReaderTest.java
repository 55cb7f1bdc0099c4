package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The IDX reader and the book's scaling, on IDX files the test writes. */
class MnistIdxReaderTest {

  @Test
  void readsImagesAndLabelsByteForByte(@TempDir Path dir) throws Exception {
    MnistIdxFixtures.write(dir);
    byte[] images = IdxReader.images(dir.resolve("images.idx"));
    byte[] labels = IdxReader.labels(dir.resolve("labels.idx"));
    assertEquals(MnistIdxFixtures.COUNT * 784, images.length);
    for (int i = 0; i < MnistIdxFixtures.COUNT; i++) {
      assertEquals((i * 4) % 10, labels[i]);
      for (int p = 0; p < 784; p += 97) {
        assertEquals((i * 31 + p) % 256, images[i * 784 + p] & 0xFF, "image " + i + " pixel " + p);
      }
    }
  }

  @Test
  void pixelsAreScaledToMinusOneOne() {
    assertEquals(-1f, MnistData.scale((byte) 0));
    assertEquals(1f, MnistData.scale((byte) 255));
    assertEquals(2f * 128 / 255 - 1, MnistData.scale((byte) 128), 1e-7);
  }

  @Test
  void dataSetHasScaledPixelsAndOneHotLabels(@TempDir Path dir) throws Exception {
    MnistIdxFixtures.write(dir);
    byte[] images = IdxReader.images(dir.resolve("images.idx"));
    byte[] labels = IdxReader.labels(dir.resolve("labels.idx"));
    MnistData data = new MnistData(images, labels, images, labels);
    DataSet rows = data.trainRows(new int[] {2, 0}, false);
    assertArrayEquals(new long[] {2, 784}, rows.getFeatures().shape());
    assertEquals(MnistData.scale((byte) ((2 * 31 + 5) % 256)),
        rows.getFeatures().getFloat(0, 5), 0f);
    assertEquals(-1f, rows.getFeatures().getFloat(1, 0), 0f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 0},
        rows.getLabels().getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        rows.getLabels().getRow(1).toFloatVector());
  }

  @Test
  void pinnedSizesMatchTheIdxLayout() {
    for (IdxFile f : MnistFiles.PINNED) {
      long expected = f.isImages() ? 16 + f.count() * 784L : 8 + f.count();
      assertEquals(expected, f.size(), f.name());
      assertEquals(64, f.sha256().length(), f.name());
    }
    assertEquals(4, MnistFiles.PINNED.stream().map(IdxFile::name).distinct().count());
  }
}
