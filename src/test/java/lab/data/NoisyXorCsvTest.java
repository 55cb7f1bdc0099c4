package lab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.core.UserError;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class NoisyXorCsvTest {

  @TempDir Path tmp;

  @Test
  void dataVecReadsBackTheWrittenPointsInOrder() {
    LabeledPoints points = NoisyXorData.generate(50, 11, 0.1, 0.05);
    Path file = tmp.resolve("points.csv");
    PointsCsv.write(file, points);

    LabeledPoints back = PointsCsv.read(file);
    assertTrue(java.util.Arrays.deepEquals(points.x(), back.x()), "doubles preserved exactly");
    assertArrayEquals(points.y(), back.y());

    DataSet set = DataVecBatches.dataSet(PointsCsv.readRecords(file), DataType.FLOAT);
    assertEquals(50, set.numExamples());
    assertEquals(2, set.getFeatures().size(1));
    assertEquals(1, set.getLabels().size(1));
    for (int i = 0; i < points.size(); i++) {
      assertEquals((float) points.x()[i][0], set.getFeatures().getFloat(i, 0), "x0 of row " + i);
      assertEquals((float) points.x()[i][1], set.getFeatures().getFloat(i, 1), "x1 of row " + i);
      assertEquals(points.y()[i], set.getLabels().getFloat(i, 0), "label of row " + i);
    }
  }

  @Test
  void aFileWithoutHeaderAndWithBlankLinesIsRead() throws IOException {
    Path file = write("plain.csv", "0.5,-0.25,0\n\n-1,-1,1\n");
    LabeledPoints p = PointsCsv.read(file);
    assertEquals(2, p.size());
    assertArrayEquals(new double[] {-1, -1}, p.x()[1]);
    assertArrayEquals(new int[] {0, 1}, p.y());
  }

  @Test
  void wrongColumnCountIsRejectedWithFileAndLine() throws IOException {
    Path file = write("cols.csv", "x0,x1,label\n0.1,0.2,1\n0.3,0.4\n");
    assertRejected(file, ":3: expected 3 columns (x0,x1,label), found 2");
  }

  @Test
  void aNonNumberIsRejectedWithFileAndLine() throws IOException {
    Path file = write("text.csv", "0.1,0.2,1\n0.3,abc,0\n");
    assertRejected(file, ":2: x1 'abc' is not allowed; allowed: a finite number of magnitude"
        + " at most 3.4028235E38 (float)");
    // Finite as a double, Infinity in a float network (an evaluation then met NaN outputs).
    assertRejected(write("big.csv", "0.1,0.2,1\n1e308,0.5,0\n"), ":2: x0 '1e308' is not"
        + " allowed; allowed: a finite number of magnitude at most 3.4028235E38 (float)");
  }

  @Test
  void aLabelOtherThanZeroOrOneIsRejected() throws IOException {
    Path file = write("label.csv", "x0,x1,label\n0.1,0.2,1\n0.1,0.2,0\n0.3,0.4,2\n");
    assertRejected(file, ":4: label '2' is not allowed; allowed: 0 or 1");
  }

  @Test
  void anEmptyFileIsRejected() throws IOException {
    assertRejected(write("empty.csv", ""), ": empty file; expected rows of x0,x1,label");
    assertRejected(write("header.csv", "x0,x1,label\n"), ": empty file (a header, no rows)");
  }

  @Test
  void aMissingFileIsRejected() {
    assertRejected(tmp.resolve("nowhere.csv"), ": no such file");
  }

  private Path write(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static void assertRejected(Path file, String expected) {
    UserError e = assertThrows(UserError.class, () -> {
      List<List<Writable>> unused = PointsCsv.readRecords(file);
    });
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line");
  }
}
