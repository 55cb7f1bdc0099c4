package lab.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A copy, in memory, of what a DL4J network's training changes: its parameters, its updater's
 * state and its iteration and epoch counts. Early stopping keeps the best epoch's so that
 * {@code restore_best} can put it back; a checkpoint writes it to disk ({@link #write}).
 */
public final class NetworkState {
  private final INDArray params;
  private final INDArray updater;
  private final int iterations;
  private final int epochs;

  private NetworkState(INDArray params, INDArray updater, int iterations, int epochs) {
    this.params = params;
    this.updater = updater;
    this.iterations = iterations;
    this.epochs = epochs;
  }

  /** The network's state now (copies: later training leaves them alone). */
  public static NetworkState of(MultiLayerNetwork net) {
    INDArray view = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
    return new NetworkState(net.params().dup(), view == null ? null : view.dup(),
        net.getIterationCount(), net.getEpochCount());
  }

  /** Puts this state back into {@code net}, the network it was taken from. */
  public void restore(MultiLayerNetwork net) {
    net.params().assign(params);
    if (updater != null) net.getUpdater(true).getStateViewArray().assign(updater);
    net.setIterationCount(iterations);
    net.setEpochCount(epochs);
  }

  /** Writes the state to {@code file} (ND4J's binary array format, exact). */
  public void write(Path file) {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(iterations);
      out.writeInt(epochs);
      out.writeBoolean(updater != null);
      Nd4j.write(params, out);
      if (updater != null) Nd4j.write(updater, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static NetworkState read(Path file) {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      int iterations = data.readInt();
      int epochs = data.readInt();
      boolean hasUpdater = data.readBoolean();
      INDArray params = Nd4j.read(data);
      INDArray updater = hasUpdater ? Nd4j.read(data) : null;
      return new NetworkState(params, updater, iterations, epochs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
