package lab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.spec.ExperimentSpec;

/**
 * One network's early stopping: watches one column of the metrics rows as they are recorded and
 * says when to stop. The rules are those of DL4J's early stopping, applied to the recorded epochs
 * (DL4J's {@code evaluateEveryNEpochs}):
 *
 * <ul>
 *   <li>the patience counts epochs, as ScoreImprovementEpochTerminationCondition does: the first
 *       recorded value is the reference; a later one that beats the reference by more than
 *       {@code min_delta} becomes the new reference; training stops at the first recorded epoch
 *       at or after the reference's epoch + {@code patience};
 *   <li>the best epoch is the first one with the best value seen (strictly better, whatever
 *       {@code min_delta}), as EarlyStoppingTrainer's best model is.
 * </ul>
 *
 * Unlike DL4J, row 0 (the untrained network) is one of the recorded values. The state is a
 * function of the rows seen, so a resumed run rebuilds it by {@link #observe observing} the rows
 * of its checkpoint again.
 */
public final class EarlyStopping {

  /** What summary.json records, and what the trainer restores at the end. */
  public record Result(String monitor, int patience, double minDelta, boolean restoreBest,
      boolean stoppedEarly, int stopEpoch, int bestEpoch, double bestValue, double[] bestRow) {

    /** Whether the final metrics and model are the best epoch's. */
    public boolean restored() {
      return restoreBest && bestEpoch != stopEpoch;
    }

    /** summary.json's {@code early_stopping} block. */
    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("monitor", monitor);
      m.put("patience", patience);
      m.put("min_delta", minDelta);
      m.put("restore_best", restoreBest);
      m.put("stopped_early", stoppedEarly);
      m.put("stop_epoch", stopEpoch);
      m.put("best_epoch", bestEpoch);
      m.put("best_value", bestValue);
      m.put("final_metrics_from_epoch", restoreBest ? bestEpoch : stopEpoch);
      return m;
    }
  }

  private final String monitor;
  private final int column;
  private final boolean minimize;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;

  private int referenceEpoch = -1;
  private double referenceValue;
  private int bestEpoch = -1;
  private double bestValue;
  private double[] bestRow;
  private int lastEpoch = -1;
  private boolean stopped;

  private EarlyStopping(ExperimentSpec spec, List<String> columns) {
    monitor = spec.earlyStoppingMonitor();
    column = columns.indexOf(monitor);
    if (column < 0) {
      throw new IllegalStateException("early_stopping.monitor " + monitor + " is not a column of "
          + columns);
    }
    minimize = monitor.endsWith("_loss");
    patience = spec.integer("early_stopping.patience");
    minDelta = spec.real("early_stopping.min_delta");
    restoreBest = (Boolean) spec.values().get("early_stopping.restore_best");
  }

  /** The early stopping of a spec, for metrics rows of {@code columns}; null when it has none. */
  public static EarlyStopping of(ExperimentSpec spec, List<String> columns) {
    return spec.stopsEarly() ? new EarlyStopping(spec, columns) : null;
  }

  public boolean restoreBest() {
    return restoreBest;
  }

  /**
   * Sees a recorded row (epoch first); returns whether it is a new best (its network's state is
   * then the one to keep for {@code restore_best}). After it, {@link #stopped()} says whether
   * training stops at this epoch.
   */
  public boolean observe(double[] row) {
    int epoch = (int) row[0];
    double value = row[column];
    lastEpoch = epoch;
    boolean best = false;
    if (bestEpoch < 0 || (minimize ? value < bestValue : value > bestValue)) {
      bestEpoch = epoch;
      bestValue = value;
      bestRow = row.clone();
      best = true;
    }
    if (referenceEpoch < 0) {
      referenceEpoch = epoch;
      referenceValue = value;
    } else if ((minimize ? referenceValue - value : value - referenceValue) > minDelta) {
      referenceEpoch = epoch;
      referenceValue = value;
    } else if (epoch >= referenceEpoch + patience) {
      stopped = true;
    }
    return best;
  }

  public boolean stopped() {
    return stopped;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public Result result() {
    return new Result(monitor, patience, minDelta, restoreBest, stopped, lastEpoch, bestEpoch,
        bestValue, bestRow);
  }
}
