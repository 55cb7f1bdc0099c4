package lab.experiment;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lab.chart.Charts;
import lab.chart.DigitGrids;
import lab.results.MetricsTable;
import lab.results.ResultsFolder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first charts and the first model evaluation in a JVM cost it about half a second of
 * one-time work (Java2D and its fonts, XChart, DL4J's evaluation classes, the compiler on all of
 * them), paid at the end of a run, after training. During a long run's training the machine's
 * second core is idle once the compiler has finished with the training code (training uses one),
 * so this does that work then, on made-up numbers: charts of each kind a run draws, into a
 * temporary folder deleted afterwards, and the measures of evaluation.json. It reads and writes
 * nothing of the run, draws no random numbers from ND4J and uses no network, so the run's
 * numbers are the same with or without it.
 *
 * <p>Once per process, only on a machine of two cores or more, and only once the JIT compiler has
 * been quiet for a while: started earlier, it took the second core from the compiler and slowed
 * the first epochs by more than it saved (docs/performance.md). {@code -Dlab.end.warmup=false}
 * (in LAB_JAVA_OPTS) turns it off.
 */
final class EndWarmUp {
  /** Compiler time per poll below which the compiler counts as quiet, in milliseconds. */
  static final long QUIET_MILLIS = 10;
  /** How often the compiler's total time is read, in milliseconds. */
  static final long POLL_MILLIS = 250;
  /** Quiet polls in a row before the warm-up begins. */
  static final int QUIET_POLLS = 3;

  private static boolean used;

  private final Thread thread;
  private volatile boolean cancelled;

  private EndWarmUp() {
    thread = new Thread(this::waitAndRun, "lab-end-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /** Starts the process's warm-up, or returns null: done before, one core, or turned off. */
  static synchronized EndWarmUp start() {
    if (used || Runtime.getRuntime().availableProcessors() < 2
        || "false".equals(System.getProperty("lab.end.warmup"))) {
      return null;
    }
    used = true;
    EndWarmUp w = new EndWarmUp();
    w.thread.start();
    return w;
  }

  /** Training has ended: a warm-up that has not begun never will; one under way finishes. */
  void cancel() {
    cancelled = true;
  }

  private void waitAndRun() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
    long last = jit.getTotalCompilationTime();
    int quiet = 0;
    try {
      while (quiet < QUIET_POLLS) {
        Thread.sleep(POLL_MILLIS);
        if (cancelled) return;
        long now = jit.getTotalCompilationTime();
        quiet = now - last <= QUIET_MILLIS ? quiet + 1 : 0;
        last = now;
      }
    } catch (InterruptedException e) {
      return;
    }
    if (!cancelled) run();
  }

  /**
   * The work itself, in a temporary folder deleted afterwards. Whether it all ran: a failure is
   * dropped, since the run's end does the same work again and reports there.
   */
  static boolean run() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("lab-warm-up");
      Random random = new Random(1);
      int classes = 10;
      int rows = 2_000;
      MetricsTable metrics = new MetricsTable(List.of("epoch", "train_loss", "train_accuracy",
          "valid_loss", "valid_accuracy"));
      for (int e = 0; e <= 50; e++) {
        double loss = 0.5 / (1 + e);
        metrics.add(new double[] {e, loss, 1 - loss, loss * 1.1, 1 - loss * 1.1});
      }
      Charts.trainingCurves(dir, "warm-up", metrics, true);
      List<DigitGrids.Tile> tiles = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        byte[] pixels = new byte[28 * 28];
        random.nextBytes(pixels);
        tiles.add(new DigitGrids.Tile(pixels, "True: " + t + " / Predicted: " + t));
      }
      DigitGrids.draw(dir.resolve("digits.png"), "warm-up", 2, 5, 28, tiles);
      float[][] out = new float[rows][classes];
      float[][] labels = new float[rows][classes];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < classes; c++) out[r][c] = random.nextFloat();
        labels[r][random.nextInt(classes)] = 1;
      }
      INDArray output = Nd4j.createFromArray(out);
      INDArray labelRows = Nd4j.createFromArray(labels);
      ModelEvaluation.drawCharts(dir, "warm-up", "valid",
          ModelEvaluation.measures(output, labelRows, rows));
      return true;
    } catch (IOException | RuntimeException | Error e) {
      // Nothing of the run depends on it, and the run's end reports its own failures (a missing
      // font library, say) in its own words: none is printed from this thread.
      return false;
    } finally {
      if (dir != null) delete(dir);
    }
  }

  private static void delete(Path dir) {
    try {
      ResultsFolder.deleteTree(dir);
    } catch (RuntimeException e) {
      // a temporary folder left behind
    }
  }
}
