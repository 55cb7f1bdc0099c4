package lab.train;

import lab.data.BatchSource;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over all training examples of a run, with throughput and ETA, drawn on stderr.
 * Off when the output is not a terminal (CI logs, pipes, tests): then it wraps nothing.
 */
public final class TrainingProgress implements AutoCloseable {
  private final ProgressBar bar;

  private TrainingProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code epochs} passes over {@code examples} examples, or none without a terminal. */
  public static TrainingProgress start(String task, int epochs, long examples) {
    if (System.console() == null) return new TrainingProgress(null);
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax((long) epochs * examples)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" img", 1)
        .showSpeed()
        .setUpdateIntervalMillis(500)
        .build();
    return new TrainingProgress(bar);
  }

  /** The same batches, each counted on the bar after it is fitted. */
  public BatchSource counting(BatchSource batches) {
    if (bar == null) return batches;
    return (epoch, fit) -> {
      bar.setExtraMessage(" epoch " + epoch);
      batches.forEachBatch(epoch, b -> {
        fit.accept(b);
        bar.stepBy(b.numExamples());
      });
    };
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
