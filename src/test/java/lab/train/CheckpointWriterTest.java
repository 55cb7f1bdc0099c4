package lab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lab.TestSpecs;
import lab.net.NetworkFactory;
import lab.results.Json;
import lab.results.MetricsTable;
import lab.spec.ExperimentSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints are written by a thread of their own while training goes on (Checkpoints#save):
 * what a checkpoint holds is the network as it was when it was taken, whatever the training
 * thread does to it meanwhile, and after close() the last one is complete on disk.
 */
class CheckpointWriterTest {

  @Test
  void aCheckpointHoldsTheNetworkAsItWasWhenTaken(@TempDir Path dir) throws Exception {
    // Adam: an updater state, which the checkpoint must hold too.
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam", "epochs=40");
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    net.setIterationCount(7);
    net.setEpochCount(3);
    net.getUpdater(true).getStateViewArray().assign(0.25);
    float[] params = net.params().toFloatVector();
    float[] state = net.getUpdater().getStateViewArray().toFloatVector();
    MetricsTable rows = new MetricsTable(List.of("epoch", "train_loss"));
    rows.add(new double[] {0, 0.7});

    Checkpoints checkpoints = Checkpoints.in(dir, spec);
    checkpoints.save(net, 3, rows, null, -1);
    // The training thread goes on at once: none of this may reach the checkpoint being written.
    for (int i = 0; i < 50; i++) {
      net.params().addi(1);
      net.getUpdater().getStateViewArray().addi(1);
    }
    net.setIterationCount(99);
    rows.add(new double[] {1, 0.6});
    checkpoints.close();

    assertEquals(3, ((Number) Json.read(dir.resolve(Checkpoints.JSON)).get("epoch")).intValue());
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")), "no file left half-made");
    }
    MultiLayerNetwork back = NetworkFactory.build(spec, 2, 1);
    Checkpoints.State got = Checkpoints.in(dir, spec).restore(back);
    assertEquals(3, got.epoch());
    assertEquals(1, got.metrics().rows().size(), "the rows of when it was taken");
    assertArrayEquals(params, back.params().toFloatVector());
    assertArrayEquals(state, back.getUpdater().getStateViewArray().toFloatVector());
    assertEquals(7, back.getIterationCount());
    assertEquals(3, back.getEpochCount());
  }

  @Test
  void eachCheckpointReplacesTheOneBefore(@TempDir Path dir) {
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam", "epochs=40");
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    MetricsTable rows = new MetricsTable(List.of("epoch", "train_loss"));
    Checkpoints checkpoints = Checkpoints.in(dir, spec);
    float[] last = null;
    for (int epoch = 1; epoch <= 5; epoch++) {
      rows.add(new double[] {epoch, 1.0 / epoch});
      net.params().addi(0.5);
      last = net.params().toFloatVector();
      checkpoints.save(net, epoch, rows, null, -1);
    }
    checkpoints.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("checkpoint-e5-metrics.csv", "checkpoint-e5.zip", "checkpoint.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    MultiLayerNetwork back = NetworkFactory.build(spec, 2, 1);
    Checkpoints.State got = Checkpoints.in(dir, spec).restore(back);
    assertEquals(5, got.epoch());
    assertEquals(5, got.metrics().rows().size());
    assertArrayEquals(last, back.params().toFloatVector());
    assertEquals(5, Checkpoints.epochIn(dir, spec));
  }
}
