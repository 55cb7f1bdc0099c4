package lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.LabCli;
import lab.results.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./lab eval and ./lab predict on a short XOR run, as a user calls them: output and exit code. */
class EvalPredictCommandTest {
  @TempDir static Path results;

  @BeforeAll
  static void trainOnce() {
    LabCli.Result r = LabCli.run("run", "xor-2-2-1-adam", "--name", "xor-2-2-1-adam", "--set", "epochs=300",
        "--results", results.toString());
    assertEquals(0, r.code(), r.err());
  }

  private static Path dir() {
    return results.resolve("xor-2-2-1-adam");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunRecordsItsEvaluationAndEvalAgreesWithTheMetrics() {
    Map<String, Object> recorded = Json.read(dir().resolve("evaluation.json"));
    Map<String, Object> train = (Map<String, Object>) ((Map<String, Object>) recorded.get("sets"))
        .get("train");
    Map<String, Object> summary = Json.read(dir().resolve("summary.json"));
    assertEquals(summary.get("train_accuracy"), train.get("accuracy"));
    assertTrue(train.containsKey("roc_auc"));
    assertTrue(Files.isRegularFile(dir().resolve("reliability--train.png")));
    assertTrue(Files.isRegularFile(dir().resolve("confusion--train.png")));

    LabCli.Result r = LabCli.run("eval", "xor-2-2-1-adam", "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("train: 4 examples, accuracy"), r.out());
    Map<String, Object> again = (Map<String, Object>) ((Map<String, Object>) Json.read(
        dir().resolve("evaluation.json")).get("sets")).get("train");
    assertEquals(train, again);
  }

  @Test
  @SuppressWarnings("unchecked")
  void evalOnAFileOfLabeledPointsAddsItsEntry() throws Exception {
    Path csv = results.resolve("points.csv");
    Files.writeString(csv, "x0,x1,label\n0,0,0\n1,1,1\n0,1,1\n");
    LabCli.Result r = LabCli.run("eval", "xor-2-2-1-adam", "--data", csv.toString(),
        "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, Object> sets = (Map<String, Object>) Json.read(
        dir().resolve("evaluation.json")).get("sets");
    assertEquals(3, ((Map<String, Object>) sets.get("points.csv")).get("examples"));
    assertTrue(sets.containsKey("train"), "earlier entries are kept");
  }

  @Test
  void evalRefusesWhatIsNotThere() {
    LabCli.Result r = LabCli.run("eval", "xor-2-2-1-adam", "--data", "test",
        "--results", results.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("--data test: a xor run has no test set; allowed: train"),
        r.err());
    LabCli.Result none = LabCli.run("eval", "no-such-run", "--results", results.toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no-such-run: no result there"), none.err());
  }

  @Test
  @SuppressWarnings("unchecked")
  void predictGivesTheRecordedPredictionsForTheFourPoints() throws Exception {
    // Quoted cells and a byte-order mark, as spreadsheets write them, read as plain numbers
    // (they were "no rows" and "'\uFEFF0' is not a number").
    Path quoted = Files.writeString(results.resolve("quoted.csv"),
        "\uFEFF\"x0\",\"x1\"\n\"0\",\"1\"\n");
    Path plain = Files.writeString(results.resolve("plain.csv"), "0,1\n");
    LabCli.Result q = LabCli.run("predict", "xor-2-2-1-adam", "--input", quoted.toString(),
        "--results", results.toString());
    LabCli.Result p = LabCli.run("predict", "xor-2-2-1-adam", "--input", plain.toString(),
        "--results", results.toString());
    assertEquals(0, q.code(), q.err());
    assertEquals(p.out().replace("line 1", "line 2"), q.out());

    Path csv = results.resolve("in.csv");
    Files.writeString(csv, "x0,x1\n0,0\n0,1\n\n1,0\n1,1\n");
    LabCli.Result r = LabCli.run("predict", "xor-2-2-1-adam", "--input", csv.toString(),
        "--results", results.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("input,output,predicted_class", lines.get(0));
    Map<String, Object> summary = Json.read(dir().resolve("summary.json"));
    List<Number> predictions = (List<Number>) summary.get("predictions");
    List<Number> classes = (List<Number>) summary.get("predicted_classes");
    for (int i = 0; i < 4; i++) {
      String[] cells = lines.get(i + 1).split(",");
      assertEquals(predictions.get(i).doubleValue(), Double.parseDouble(cells[1]), 0.0);
      assertEquals(classes.get(i).intValue(), Integer.parseInt(cells[2]));
    }
    assertEquals("line 5", lines.get(3).split(",")[0], "blank lines keep file line numbers");

    Path out = results.resolve("pred.csv");
    LabCli.Result toFile = LabCli.run("predict", "xor-2-2-1-adam", "--input", csv.toString(),
        "--output", out.toString(), "--results", results.toString());
    assertEquals(0, toFile.code(), toFile.err());
    assertEquals(r.out(), Files.readString(out));
  }

  @Test
  void predictRefusesBadRowsNamingFileAndLine() throws Exception {
    String[][] cases = {
        {"0,0\n1,2,3\n", ":2: 3 columns, expected 2 (x0,x1)"},
        {"0,0\n0,zero\n", ":2: 'zero' is not allowed; allowed: a finite number of magnitude"
            + " at most 3.4028235E38 (float)"},
        {"0,0\n0,NaN\n", ":2: 'NaN' is not allowed; allowed: a finite number of magnitude"
            + " at most 3.4028235E38 (float)"},
        // Finite as a double, Infinity as the network's float: the outputs were NaN, exit 0.
        {"0,0\n1e308,1\n", ":2: '1e308' is not allowed; allowed: a finite number of magnitude"
            + " at most 3.4028235E38 (float)"},
        // Not taken for a header (it was, and skipped without a word).
        {"1e308,1e308\n0,0\n", ":1: '1e308' is not allowed; allowed: a finite number of"
            + " magnitude at most 3.4028235E38 (float)"},
        {"\n\n", ": no rows; expected rows of x0,x1"},
    };
    int i = 0;
    for (String[] c : cases) {
      Path csv = results.resolve("bad" + i++ + ".csv");
      Files.writeString(csv, c[0]);
      Path out = results.resolve("never.csv");
      LabCli.Result r = LabCli.run("predict", "xor-2-2-1-adam", "--input", csv.toString(),
          "--output", out.toString(), "--results", results.toString());
      assertEquals(2, r.code(), c[0]);
      assertEquals("error: " + csv + c[1], r.err().strip());
      assertFalse(Files.exists(out), "nothing written");
    }
    // A binary file given by mistake: named as not UTF-8 (Java's own words: "Input length = 1").
    Path binary = Files.write(results.resolve("binary.csv"),
        new byte[] {'0', ',', (byte) 0xFF, (byte) 0xFE, '\n'});
    LabCli.Result b = LabCli.run("predict", "xor-2-2-1-adam", "--input", binary.toString(),
        "--results", results.toString());
    assertEquals(2, b.code());
    assertEquals("error: " + binary + ": not UTF-8 text", b.err().strip());
    LabCli.Result e = LabCli.run("eval", "xor-2-2-1-adam", "--data", binary.toString(),
        "--results", results.toString());
    assertEquals(2, e.code());
    assertEquals("error: " + binary + ": not UTF-8 text; expected rows of x0,x1,label: two numbers"
        + " and a 0/1 label", e.err().strip());
    LabCli.Result missing = LabCli.run("predict", "xor-2-2-1-adam", "--input",
        results.resolve("nope.csv").toString(), "--results", results.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.csv: no such file"), missing.err());
  }

  /**
   * A model.zip that is not the run's (other hidden widths, or another input width) is refused by
   * eval and predict in one line naming the file, exit 2, instead of DL4J's exception.
   */
  @Test
  void aModelThatDoesNotFitItsSpecIsRefused() throws Exception {
    Path swapped = results.resolve("swapped");
    copyRun(dir(), swapped);
    lab.spec.ExperimentSpec spec = lab.spec.SpecLoader.load(dir().resolve("spec.yaml"),
        List.of());
    var wider = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
        lab.net.NetworkFactory.configuration(lab.spec.SpecLoader.load(dir().resolve("spec.yaml"),
            List.of("model.hidden=[3]")), 2, 1));
    wider.init();
    lab.net.ModelZip.write(wider, swapped.resolve("model.zip"), false);
    Path csv = results.resolve("pts.csv");
    Files.writeString(csv, "x0,x1\n0,1\n");
    for (String[] args : List.of(new String[] {"eval", "swapped"},
        new String[] {"predict", "swapped", "--input", csv.toString()})) {
      LabCli.Result r = LabCli.run(cat(args, "--results", results.toString()));
      assertEquals(2, r.code(), r.out() + r.err());
      assertEquals("error: " + swapped.resolve("model.zip") + ": a network of layer widths"
          + " 2-3-1 does not fit its spec.yaml (model.hidden [2]); the model is not this run's:"
          + " train the run again", r.err().strip());
    }
    var threeInputs = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
        lab.net.NetworkFactory.configuration(spec, 3, 1));
    threeInputs.init();
    lab.net.ModelZip.write(threeInputs, swapped.resolve("model.zip"), false);
    LabCli.Result r = LabCli.run("predict", "swapped", "--input", csv.toString(), "--results",
        results.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("error: --input " + csv + ": 2 values per example, but "
        + swapped.resolve("model.zip") + " takes 3; allowed: data of 3 columns", r.err().strip());
    LabCli.Result e = LabCli.run("eval", "swapped", "--results", results.toString());
    assertEquals(2, e.code(), e.err());
    assertTrue(e.err().startsWith("error: the train set: 2 values per example"), e.err());
  }

  /** --output that is a folder, or a file inside a result folder, is refused before anything. */
  @Test
  void predictRefusesAnOutputThatIsAFolderOrInsideAResult() throws Exception {
    Path csv = results.resolve("pts2.csv");
    Files.writeString(csv, "x0,x1\n0,1\n");
    byte[] model = Files.readAllBytes(dir().resolve("model.zip"));
    Path folder = Files.createDirectories(results.resolve("out-folder"));
    LabCli.Result r = LabCli.run("predict", "xor-2-2-1-adam", "--input", csv.toString(),
        "--output", folder.toString(), "--results", results.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--output " + folder + ": a folder; give a file name"), r.err());
    assertFalse(Files.exists(results.resolve("out-folder.tmp")));
    for (String inside : List.of("model.zip", "new.csv")) {
      Path target = dir().resolve(inside);
      LabCli.Result in = LabCli.run("predict", "xor-2-2-1-adam", "--input", csv.toString(),
          "--output", target.toString(), "--results", results.toString());
      assertEquals(2, in.code(), in.err());
      assertTrue(in.err().contains("inside the result folder " + dir()), in.err());
    }
    assertFalse(Files.exists(dir().resolve("new.csv")));
    org.junit.jupiter.api.Assertions.assertArrayEquals(model,
        Files.readAllBytes(dir().resolve("model.zip")), "the run's model is untouched");
    try (var s = Files.list(results)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  private static String[] cat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void copyRun(Path from, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path f : s.toList()) {
        if (Files.isRegularFile(f)) Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /**
   * Outputs that are not finite numbers (inputs within float's range can still overflow a
   * network; here the parameters are NaN, which any input meets): one line, no NaN in the CSV,
   * no DL4J stack trace from the evaluation.
   */
  @Test
  void outputsThatOverflowAreRefused() {
    lab.spec.ExperimentSpec spec = lab.TestSpecs.project("xor-2-2-1-adam");
    org.deeplearning4j.nn.multilayer.MultiLayerNetwork net =
        lab.net.NetworkFactory.build(spec, 2, 1);
    net.params().assign(Double.NaN);
    Predictions.Input in = new Predictions.Input(List.of("line 7"),
        new double[][] {{3e38, -3e38}});
    lab.core.UserError e = org.junit.jupiter.api.Assertions.assertThrows(
        lab.core.UserError.class, () -> Predictions.csv(net, in, "--input x.csv"));
    assertTrue(e.getMessage().startsWith("--input x.csv, line 7: the model's output is NaN"),
        e.getMessage());
    org.nd4j.linalg.dataset.DataSet set = new org.nd4j.linalg.dataset.DataSet(
        org.nd4j.linalg.factory.Nd4j.create(new float[][] {{3e38f, -3e38f}}),
        org.nd4j.linalg.factory.Nd4j.create(new float[][] {{1}}));
    lab.core.UserError m = org.junit.jupiter.api.Assertions.assertThrows(
        lab.core.UserError.class, () -> ModelEvaluation.write(results, "x", net,
            java.util.Map.of("points.csv", set), false));
    assertTrue(m.getMessage().startsWith("set points.csv: the model's outputs are not all finite"),
        m.getMessage());
  }
}
