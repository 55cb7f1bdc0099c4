package lab.mnist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import lab.results.AtomicFiles;

/**
 * The files of a folder whose SHA-256 matched their pinned hash, with their {@link FileStamp}
 * then, kept in the folder as {@value #FILE}: a later process finds a file that still looks the
 * same (size, modification time, inode and inode change time) already verified and does not hash
 * its 55 MB again (about 0.15 s of every MNIST run's start). Any write to a file, even one that
 * keeps its size and sets its modification time back, moves its change time, and the file is
 * hashed again. Best effort: a folder that cannot be written keeps no record, and a record that
 * cannot be read is ignored.
 */
final class VerifiedStamps {
  static final String FILE = ".verified";
  private static final String HEADER = "# mlp-lab: files whose SHA-256 matched, as they looked"
      + " then (name, size, modified and changed in ns, file key, SHA-256); a file that looks"
      + " otherwise now is hashed again";

  private VerifiedStamps() {}

  /** Whether {@code file} with hash {@code sha256} was verified when it looked as {@code now}. */
  static boolean holds(Path file, String sha256, FileStamp now) {
    if (now == null || !now.durable()) return false;
    String line = read(file.getParent()).get(file.getFileName().toString());
    return line != null && line.equals(entry(now, sha256));
  }

  /** Records that {@code file}, looking as {@code before}, has hash {@code sha256}. */
  static synchronized void record(Path file, String sha256, FileStamp before) {
    if (before == null || !before.durable()) return;
    Path dir = file.getParent();
    Map<String, String> entries = read(dir);
    entries.put(file.getFileName().toString(), entry(before, sha256));
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    entries.forEach((name, e) -> text.append(name).append('\t').append(e).append('\n'));
    try {
      // Not flushed: a record lost to a power cut only costs a hash.
      AtomicFiles.replace(dir.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // no record: the file is hashed again next time
    }
  }

  private static String entry(FileStamp stamp, String sha256) {
    return stamp.line() + "\t" + sha256;
  }

  /** The entries by file name; empty when there is no record or it cannot be read. */
  private static Map<String, String> read(Path dir) {
    Map<String, String> entries = new TreeMap<>();
    Path f = dir == null ? null : dir.resolve(FILE);
    if (f == null || !Files.isRegularFile(f)) return entries;
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (line.startsWith("#") || tab <= 0) continue;
        entries.put(line.substring(0, tab), line.substring(tab + 1));
      }
    } catch (IOException | RuntimeException e) {
      entries.clear();
    }
    return entries;
  }
}
