package lab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * thread does to it meanwhile, and after close() the last one is complete on disk. Training
 * never waits for the writing: a checkpoint due while one is written is left out, and a run that
 * ends gives up the one being written (abandon()).
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
      assertTrue(checkpoints.save(net, epoch, rows, null, -1));
      checkpoints.finishWriting(); // as when an epoch outlasts the writing
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

  @Test
  void aCheckpointDueWhileOneIsWrittenIsLeftOut(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam", "epochs=40");
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    MetricsTable rows = new MetricsTable(List.of("epoch", "train_loss"));
    rows.add(new double[] {1, 0.5});
    Checkpoints checkpoints = Checkpoints.in(dir, spec);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Checkpoints.beforeWrite = () -> await(release);
    try {
      float[] first = net.params().toFloatVector();
      assertTrue(checkpoints.save(net, 1, rows, null, -1));
      net.params().addi(1);
      rows.add(new double[] {2, 0.4});
      long start = System.nanoTime();
      assertFalse(checkpoints.save(net, 2, rows, null, -1), "epoch 1's is still being written");
      assertTrue(System.nanoTime() - start < 1_000_000_000L, "the training thread did not wait");
      release.countDown();
      checkpoints.close();
      assertEquals(1, Checkpoints.epochIn(dir, spec));
      MultiLayerNetwork back = NetworkFactory.build(spec, 2, 1);
      assertEquals(1, Checkpoints.in(dir, spec).restore(back).metrics().rows().size());
      assertArrayEquals(first, back.params().toFloatVector());
      assertTrue(checkpoints.save(net, 3, rows, null, -1), "taken again once the writer is free");
      checkpoints.close();
      assertEquals(3, Checkpoints.epochIn(dir, spec));
    } finally {
      Checkpoints.beforeWrite = null;
    }
  }

  @Test
  void anEndedRunGivesUpTheCheckpointBeingWritten(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = TestSpecs.project("xor-2-2-1-adam", "epochs=40");
    MultiLayerNetwork net = NetworkFactory.build(spec, 2, 1);
    MetricsTable rows = new MetricsTable(List.of("epoch", "train_loss"));
    rows.add(new double[] {1, 0.5});
    Checkpoints checkpoints = Checkpoints.in(dir, spec);
    assertTrue(checkpoints.save(net, 1, rows, null, -1));
    checkpoints.finishWriting();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Checkpoints.beforeWrite = () -> {
      started.countDown();
      await(release);
    };
    try {
      rows.add(new double[] {2, 0.4});
      assertTrue(checkpoints.save(net, 2, rows, null, -1));
      await(started);
      Thread end = new Thread(checkpoints::abandon);
      end.start();
      while (!checkpoints.abandoned()) Thread.sleep(1);
      release.countDown(); // the writer goes on, sees the run ended, and gives up
      end.join(60_000);
      assertFalse(end.isAlive(), "abandon() returned");
      assertEquals(1, Checkpoints.epochIn(dir, spec), "the checkpoint before stays");
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of("checkpoint-e1-metrics.csv", "checkpoint-e1.zip", "checkpoint.json"),
            files.map(f -> f.getFileName().toString()).sorted().toList(),
            "nothing of epoch 2's checkpoint is left");
      }
      assertFalse(checkpoints.save(net, 3, rows, null, -1), "none after the run ended");
    } finally {
      Checkpoints.beforeWrite = null;
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      assertTrue(latch.await(60, java.util.concurrent.TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
