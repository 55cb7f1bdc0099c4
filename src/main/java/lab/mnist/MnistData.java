package lab.mnist;

import java.lang.ref.SoftReference;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import lab.core.Platform;
import lab.data.ShuffledBatches;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The 70,000 digits as raw bytes, with the book's split and scaling. */
public final class MnistData {
  public static final int PIXELS = IdxFile.ROWS * IdxFile.COLS;
  public static final int CLASSES = 10;

  private final byte[] trainImages;
  private final byte[] trainLabels;
  private final byte[] testImages;
  private final byte[] testLabels;

  public MnistData(byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {
    this.trainImages = trainImages;
    this.trainLabels = trainLabels;
    this.testImages = testImages;
    this.testLabels = testLabels;
  }

  /** The last folder read in this process, its files' stamps and what was read; softly held. */
  private record Read(Path dir, List<FileStamp> stamps, MnistData data) {}

  private static SoftReference<Read> last = new SoftReference<>(null);

  /**
   * Reads a folder already passed by {@link MnistFiles#check}. The same folder read again in this
   * process with its four files unchanged (see {@link FileStamp}) gives the data read before
   * (MnistData hands out copies only): a run reads it to train and again to draw its digits.
   */
  public static MnistData read(Path dir) {
    awaitReadAhead();
    Path key = dir.toAbsolutePath().normalize();
    List<FileStamp> stamps = new ArrayList<>();
    for (IdxFile f : MnistFiles.PINNED) stamps.add(FileStamp.of(key.resolve(f.name())));
    boolean stamped = !stamps.contains(null);
    synchronized (MnistData.class) {
      Read r = last.get();
      if (stamped && r != null && r.dir().equals(key) && r.stamps().equals(stamps)) {
        return r.data();
      }
    }
    MnistData data = new MnistData(
        IdxReader.images(dir.resolve(MnistFiles.TRAIN_IMAGES)),
        IdxReader.labels(dir.resolve(MnistFiles.TRAIN_LABELS)),
        IdxReader.images(dir.resolve(MnistFiles.TEST_IMAGES)),
        IdxReader.labels(dir.resolve(MnistFiles.TEST_LABELS)));
    if (stamped) {
      synchronized (MnistData.class) {
        last = new SoftReference<>(new Read(key, stamps, data));
      }
    }
    return data;
  }

  /** The thread of {@link #readAhead} until a {@link #read} has waited for it. */
  private static Thread ahead;

  /**
   * Starts reading {@code dir}'s four files, if they pass {@link MnistFiles#check}, on a daemon
   * thread of its own, so that a later {@link #read} of the folder finds them read: a run starts
   * it before loading ND4J, which takes most of a second and needs no data. A failure is dropped
   * there: the run's own check and read report it. One read ahead at a time.
   */
  public static synchronized void readAhead(Path dir) {
    if (ahead != null) return;
    ahead = new Thread(() -> {
      try {
        MnistFiles.check(dir);
        read(dir);
      } catch (RuntimeException | Error dropped) {
        // the run checks and reads the folder itself and says what is wrong
      }
    }, "mnist-read-ahead");
    ahead.setDaemon(true);
    ahead.start();
  }

  /** Waits for a read ahead still under way (on any other thread than its own). */
  private static void awaitReadAhead() {
    Thread t;
    synchronized (MnistData.class) {
      t = ahead;
    }
    if (t == null || t == Thread.currentThread()) return;
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    synchronized (MnistData.class) {
      if (ahead == t) ahead = null;
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Indices of the training file split into train and validation. */
  public record Split(int[] train, int[] valid) {}

  /**
   * The book's split, 55,000 train / 5,000 validation for {@code validSize} 5000, drawn by a
   * seeded permutation of the training file. The stream is derived from the seed apart from the
   * per-epoch shuffles, so the split does not repeat an epoch's order. {@code trainLimit} > 0
   * keeps only the first that many training images (for short runs), the validation set stays.
   */
  public static Split split(int n, int validSize, int trainLimit, long seed) {
    if (validSize >= n) throw new IllegalArgumentException("validation set as large as the data");
    int[] order = ShuffledBatches.permutation(n, new SplittableRandom(seed ^ 0x6D6E697374L));
    int[] valid = Arrays.copyOfRange(order, 0, validSize);
    int trainEnd = trainLimit > 0 ? Math.min(n, validSize + trainLimit) : n;
    int[] train = Arrays.copyOfRange(order, validSize, trainEnd);
    return new Split(train, valid);
  }

  public int trainFileSize() {
    return trainLabels.length;
  }

  public int testSize() {
    return testLabels.length;
  }

  /** Rows of the training file as a DataSet: pixels in [-1, 1], one-hot labels. */
  public DataSet trainRows(int[] idx, boolean dbl) {
    return dataSet(trainImages, trainLabels, idx, dbl);
  }

  public DataSet test(boolean dbl) {
    int[] all = new int[testLabels.length];
    Arrays.setAll(all, i -> i);
    return dataSet(testImages, testLabels, all, dbl);
  }


  public int trainLabel(int i) {
    return trainLabels[i];
  }

  /** One training-file image, 784 unsigned bytes. */
  public byte[] trainImage(int i) {
    return Arrays.copyOfRange(trainImages, i * PIXELS, (i + 1) * PIXELS);
  }

  public byte[] testImage(int i) {
    return Arrays.copyOfRange(testImages, i * PIXELS, (i + 1) * PIXELS);
  }

  /** The book's scaling, ((x / 255) - 0.5) * 2: black 0 becomes -1, white 255 becomes 1. */
  public static float scale(byte pixel) {
    return (pixel & 0xFF) / 255f * 2f - 1f;
  }

  /**
   * The rows {@code idx} as a DataSet. On ND4J's CPU backend the pixels are scaled straight into
   * the features' native memory, a row at a time: building the 55,000 x 784 floats on the Java
   * heap first and copying them over cost a second 172 MB that this machine maps page by page
   * (about 0.5 s). Other backends (CUDA) get the array built from a Java one.
   */
  private static DataSet dataSet(byte[] images, byte[] labels, int[] idx, boolean dbl) {
    boolean direct = Platform.ND4J_CPU_BACKEND.equals(Nd4j.getBackend().getClass().getName());
    INDArray features = direct ? Nd4j.createUninitialized(DataType.FLOAT, idx.length, PIXELS) : null;
    FloatBuffer out = direct
        ? features.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer()
        : FloatBuffer.allocate(idx.length * PIXELS);
    float[] row = new float[PIXELS];
    float[] y = new float[idx.length * CLASSES];
    for (int r = 0; r < idx.length; r++) {
      int src = idx[r] * PIXELS;
      for (int p = 0; p < PIXELS; p++) row[p] = scale(images[src + p]);
      out.put(row);
      y[r * CLASSES + labels[idx[r]]] = 1f;
    }
    if (!direct) features = Nd4j.create(out.array(), new long[] {idx.length, PIXELS}, 'c');
    INDArray targets = Nd4j.create(y, new long[] {idx.length, CLASSES}, 'c');
    if (dbl) {
      features = features.castTo(DataType.DOUBLE);
      targets = targets.castTo(DataType.DOUBLE);
    }
    return new DataSet(features, targets);
  }
}
