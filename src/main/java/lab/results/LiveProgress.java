package lab.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metrics rows of a run while it trains, appended to {@code progress.csv} in its
 * in-progress folder (results/.incoming/NAME-NONCE/), so that ./lab ui can draw its curves as
 * they grow. The file is removed before the folder is moved into place: a finished result holds
 * exactly the files it held before. Rows are flushed at most every {@link #FLUSH_MILLIS} ms.
 * One run per thread: the runner opens it around training, the trainer finds it here.
 */
public final class LiveProgress {
  public static final String FILE = "progress.csv";
  /** The shortest time between two writes of the file: a live chart needs no more. */
  public static final long FLUSH_MILLIS = 300;

  private static final ThreadLocal<LiveProgress> CURRENT = new ThreadLocal<>();

  private final Path file;
  private final StringBuilder pending = new StringBuilder();
  private boolean headerWritten;
  private long lastFlush;

  private LiveProgress(Path file) {
    this.file = file;
  }

  /** Runs {@code training} with rows going to {@code dir/progress.csv}; removes the file after. */
  public static <T> T during(Path dir, Supplier<T> training) {
    LiveProgress live = new LiveProgress(dir.resolve(FILE));
    CURRENT.set(live);
    try {
      return training.get();
    } finally {
      CURRENT.remove();
      try {
        Files.deleteIfExists(live.file);
      } catch (IOException ignored) {
        // A progress file left behind only shows an old curve; the result is unaffected.
      }
    }
  }

  /** The live file of the run this thread trains, or null (bench, stacked sweeps, tests). */
  public static LiveProgress current() {
    return CURRENT.get();
  }

  /** Appends one metrics row (the same columns and numbers metrics.csv will hold). */
  public void row(List<String> columns, double[] row, boolean last) {
    if (!headerWritten) {
      pending.append(String.join(",", columns)).append('\n');
      headerWritten = true;
    }
    for (int c = 0; c < row.length; c++) {
      if (c > 0) pending.append(',');
      pending.append(c == 0 ? String.valueOf((long) row[c])
          : Double.isNaN(row[c]) ? "" : Double.toString(row[c]));
    }
    pending.append('\n');
    long now = System.currentTimeMillis();
    if (last || now - lastFlush >= FLUSH_MILLIS) {
      try {
        Files.writeString(file, pending, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        pending.setLength(0);
      } catch (IOException ignored) {
        // Live progress is a convenience: training goes on when the file cannot be written.
      }
      lastFlush = now;
    }
  }
}
