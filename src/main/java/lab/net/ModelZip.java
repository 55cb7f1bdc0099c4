package lab.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import lab.core.UserError;
import lab.results.AtomicFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained network in DL4J's own format ({@link ModelSerializer}: configuration JSON, parameters
 * and, when asked, the updater state), so that any DL4J program restores it with
 * {@code ModelSerializer.restoreMultiLayerNetwork}. The zip entries get a fixed time, so the same
 * network gives the same bytes; the file is written beside its place and renamed into it.
 */
public final class ModelZip {
  /** The name of a result's saved model. */
  public static final String FILE = "model.zip";
  /** 2000-01-01T00:00:00Z: every entry's time, instead of the moment of writing. */
  static final long ENTRY_TIME = 946_684_800_000L;

  private ModelZip() {}

  /**
   * Writes {@code net} (with its updater state when {@code updater}) to {@code file}, every
   * entry stamped with {@link #ENTRY_TIME} instead of the moment of writing, so that the same
   * network gives the same bytes.
   */
  public static void write(MultiLayerNetwork net, Path file, boolean updater) {
    // Streamed, never held whole in memory: a large network's zip is hundreds of megabytes.
    // A new file beside its place, renamed into it; flushed to disk by the caller (a result's
    // commit), as before.
    Path raw = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      raw = Files.createTempFile(parent, "." + file.getFileName(), ".raw.tmp");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 16)) {
        ModelSerializer.writeModel(net, out, updater);
      }
      Path from = raw;
      AtomicFiles.replace(file, out -> {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(from), 1 << 16)) {
          withFixedTimes(in, out);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (raw != null) {
        try {
          Files.deleteIfExists(raw);
        } catch (IOException ignored) {
          // the failure that brought us here, if any, is the one to report
        }
      }
    }
  }

  /**
   * A checkpoint's zip, read back only by this program: the network with its updater state, as
   * ModelSerializer writes it (entry times included; flushed to disk by the caller), but given
   * up as soon as {@code stop} says so (a {@link java.util.concurrent.CancellationException} from
   * the next write of the stream; the unfinished file is deleted and {@code file} is left as it
   * was). A large network's zip takes seconds to write: a run that ends meanwhile does not wait
   * for one it would delete.
   */
  public static void writeCheckpoint(MultiLayerNetwork net, Path file,
      java.util.function.BooleanSupplier stop) {
    AtomicFiles.replace(file, out -> ModelSerializer.writeModel(net, new java.io.FilterOutputStream(
        out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (stop.getAsBoolean()) throw new java.util.concurrent.CancellationException();
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        if (stop.getAsBoolean()) throw new java.util.concurrent.CancellationException();
        out.write(b);
      }
    }, true));
  }

  /** Copies the zip {@code from} to {@code to}, every entry stamped with {@link #ENTRY_TIME}. */
  static void withFixedTimes(InputStream from, OutputStream to) throws IOException {
    try (ZipInputStream in = new ZipInputStream(from);
        ZipOutputStream z = new ZipOutputStream(to)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(ENTRY_TIME);
        z.putNextEntry(copy);
        in.transferTo(z);
        z.closeEntry();
      }
    }
  }

  /**
   * Restores a saved network with DL4J's public API; a missing or unreadable file is a
   * {@link UserError} naming it.
   */
  public static MultiLayerNetwork read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such file; train the run again to save its model");
    }
    try {
      return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
    } catch (IOException | RuntimeException e) {
      throw new UserError(file + ": not a DL4J model this version can read (" + e.getMessage()
          + "); train the run again to save its model");
    }
  }
}
