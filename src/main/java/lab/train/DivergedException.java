package lab.train;

/** Training produced a NaN or infinite loss. */
public class DivergedException extends RuntimeException {
  private final int epoch;

  public DivergedException(int epoch, double loss) {
    super("training diverged: loss became " + loss + " at epoch " + epoch
        + "; try a smaller optimizer.lr");
    this.epoch = epoch;
  }

  public int epoch() {
    return epoch;
  }
}
