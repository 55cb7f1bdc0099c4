package lab.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A result written away from its final place and moved there only when complete, so a failed or
 * interrupted run leaves the previous result untouched.
 *
 * <p>Files go into {@code <root>/.incoming/p<pid>_<name>-<nonce>/} (the pid says which process
 * owns it). {@link #commit()} replaces {@code <root>/<name>/} in two renames, the old folder first
 * moved to {@code <root>/.replaced/<nonce>/<name>}, both under the root's lock file
 * {@code <root>/.results.lock}. A crash between the two renames leaves the old result in
 * {@code .replaced/}; the next writer of the root (or {@link #recover}) moves it back, under the
 * same lock, so no live commit is ever undone. Temporary folders are removed only when their
 * owning process is gone (see {@link #cleanStale}).
 */
public final class ResultsFolder implements AutoCloseable {

  static final String INCOMING = ".incoming";
  static final String REPLACED = ".replaced";
  static final String LOCK = ".results.lock";
  static final String FAILED = ".failed";
  private static final Pattern OWNED = Pattern.compile("p(\\d{1,10})_.*");
  /**
   * A file of this name in an in-progress folder (lab.train.Checkpoints writes it) makes the
   * folder an interrupted run's progress, which ./lab run --resume continues: the cleaning at a
   * root's first write keeps such a folder when its process is gone (see {@link #begin}); the
   * commit of a result of the same name deletes it.
   */
  public static final String RESUMABLE = "checkpoint.json";
  /** One commit at a time per JVM: a file lock cannot be held twice by one process. */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock();
  private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();
  /** The in-progress folders of this JVM not yet committed or dropped (see AtomicFiles). */
  private static final Set<Path> STAGING = ConcurrentHashMap.newKeySet();
  /** Threads that flush a folder's files together at commit (see {@link #syncTrees}). */
  private static final int SYNC_THREADS = 8;
  private static volatile java.util.concurrent.ExecutorService syncPool;

  private final Path target;
  private final Path incoming;
  /** An interrupted run's folder taken over by {@link #reopen}: never deleted by close(). */
  private boolean reopened;
  private boolean committed;

  private ResultsFolder(Path target, Path incoming) {
    this.target = target;
    this.incoming = incoming;
    STAGING.add(incoming.toAbsolutePath().normalize());
  }

  /**
   * Whether {@code dir} is (inside) the in-progress folder of a result this JVM is writing: files
   * written there are flushed to disk by {@link #commit()}, all together, not one by one.
   */
  static boolean isStaged(Path dir) {
    if (STAGING.isEmpty()) return false;
    for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (STAGING.contains(p)) return true;
    }
    return false;
  }

  /**
   * A new folder for {@code target}. The first writer of a root in this JVM first restores a
   * result an interrupted replacement left aside and removes stale temporary folders, but not
   * those holding a checkpoint ({@link #RESUMABLE}): another command run between an
   * interruption and its --resume must not lose the interrupted run's progress.
   */
  public static ResultsFolder begin(Path target) {
    Path root = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(root.resolve(INCOMING));
      if (CLEANED.add(root.normalize())) cleanStale(root, true);
      return new ResultsFolder(target.toAbsolutePath(), newIncoming(root.resolve(INCOMING),
          "p" + ProcessHandle.current().pid() + "_" + target.getFileName() + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new folder {@code prefix<nonce>} in {@code parent}, with the permissions any new folder there
   * gets (the user's umask), where Files.createTempDirectory's are the owner's alone: a result
   * folder is moved into place as it is, and others sharing results/ should read it as they read
   * the rest.
   */
  private static Path newIncoming(Path parent, String prefix) throws IOException {
    while (true) {
      Path dir = parent.resolve(prefix
          + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
      try {
        return Files.createDirectory(dir);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // taken: another nonce
      }
    }
  }

  /**
   * The in-progress folder of an interrupted run of {@code target} that {@code progress} rates
   * highest (its value for a folder, or -1 for one not to take), reopened to be completed; null
   * when there is none. Folders whose process is alive (the same run going on elsewhere, or
   * this process's own) are never taken.
   */
  public static ResultsFolder reopen(Path target, java.util.function.ToIntFunction<Path> progress) {
    Path abs = target.toAbsolutePath();
    Path incoming = abs.getParent().resolve(".incoming");
    if (!Files.isDirectory(incoming)) return null;
    String name = abs.getFileName().toString();
    Path best = null;
    int bestProgress = -1;
    try (java.util.stream.Stream<Path> s = Files.list(incoming)) {
      for (Path d : s.sorted().toList()) {
        if (!Files.isDirectory(d) || !resultName(d).equals(name)) continue;
        // The folder of a run still going in another process is that run's, not one to resume.
        if (!isStale(d)) continue;
        int p = progress.applyAsInt(d);
        if (p > bestProgress) {
          best = d;
          bestProgress = p;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (best == null) return null;
    // This process owns it now: renamed to its pid, so that no other process's cleanStale
    // takes it for the dead owner's while it is being completed.
    Path owned = incoming.resolve("p" + ProcessHandle.current().pid() + "_"
        + best.getFileName().toString().replaceFirst("^p\\d{1,10}_", ""));
    try {
      if (!owned.equals(best)) Files.move(best, owned);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ResultsFolder f = new ResultsFolder(abs, owned);
    f.reopened = true;
    return f;
  }

  /**
   * A folder already holding part of a result (e.g. one {@link #shelveStale} set aside), to be
   * completed in place and moved to {@code target} by {@link #commit()}, or deleted by
   * {@link #close()} when not committed.
   */
  public static ResultsFolder adopt(Path dir, Path target) {
    return new ResultsFolder(target.toAbsolutePath(), dir.toAbsolutePath());
  }

  /**
   * Moves the temporary folders of {@code root/.incoming/} whose owner is gone (see
   * {@link #cleanStale}, which would delete them) and that {@code rate} rates 0 or more to
   * {@code root/<shelf>/<name>/}, {@code name} being the result they were for. Of several
   * folders for one name, and the one already on the shelf, the one rated highest is kept there.
   * A sweep keeps its interrupted jobs' checkpoints so, rated by their epoch.
   */
  public static void shelveStale(Path root, String shelf,
      java.util.function.ToIntBiFunction<String, Path> rate) {
    Path incoming = root.toAbsolutePath().resolve(INCOMING);
    if (!Files.isDirectory(incoming)) return;
    java.util.Map<String, Path> best = new java.util.TreeMap<>();
    java.util.Map<String, Integer> rated = new java.util.HashMap<>();
    try {
      for (Path dir : list(incoming)) {
        if (!Files.isDirectory(dir) || !isStale(dir)) continue;
        String name = resultName(dir);
        int r = rate.applyAsInt(name, dir);
        if (r >= 0 && r > rated.getOrDefault(name, -1)) {
          best.put(name, dir);
          rated.put(name, r);
        }
      }
      for (java.util.Map.Entry<String, Path> e : best.entrySet()) {
        Path place = root.toAbsolutePath().resolve(shelf).resolve(e.getKey());
        if (Files.isDirectory(place)) {
          if (rate.applyAsInt(e.getKey(), place) >= rated.get(e.getKey())) continue;
          deleteTree(place);
        }
        Files.createDirectories(place.getParent());
        move(e.getValue(), place);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where to write the files until {@link #commit()}. */
  public Path dir() {
    return incoming;
  }

  public Path target() {
    return target;
  }

  /** Moves the written folder into place, replacing any previous result of the same name. */
  public void commit() {
    commitAll(java.util.List.of(this));
  }

  /**
   * Commits several written folders (e.g. the jobs of a stacked sweep group): every file of all
   * of them is flushed to disk in one batch, then each folder is moved into place, in order, and
   * each root folder synced once. A failure leaves the folders not yet moved uncommitted.
   */
  public static void commitAll(java.util.List<ResultsFolder> folders) {
    // Every byte on disk before a folder reaches its place (see AtomicFiles).
    syncTrees(folders.stream().map(f -> f.incoming).toList());
    Set<Path> roots = new java.util.LinkedHashSet<>();
    for (ResultsFolder f : folders) {
      f.moveIntoPlace();
      roots.add(f.target.getParent());
    }
    for (Path root : roots) AtomicFiles.syncFolder(root); // the renames themselves
  }

  private void moveIntoPlace() {
    Path root = target.getParent();
    withLock(root, () -> {
      Path aside = moveOldAside();
      try {
        move(incoming, target);
      } catch (IOException e) {
        if (aside != null) move(aside.resolve(target.getFileName()), target);
        throw e;
      }
      committed = true;
      STAGING.remove(incoming.toAbsolutePath().normalize());
      if (aside != null) deleteTree(aside);
      deleteStaleOf(root, target.getFileName().toString());
      return null;
    });
  }

  /**
   * The result an in-progress folder is for: its name p&lt;pid&gt;_&lt;name&gt;-&lt;nonce&gt;
   * (see {@link #begin}) without the owner and the nonce.
   */
  private static String resultName(Path dir) {
    return dir.getFileName().toString().replaceFirst("^p\\d{1,10}_", "")
        .replaceFirst("-\\d+$", "");
  }

  /**
   * Deletes the stale in-progress folders of {@code name} in {@code root/.incoming/} (interrupted
   * runs of it, kept for --resume): its result is complete now.
   */
  private static void deleteStaleOf(Path root, String name) throws IOException {
    for (Path dir : list(root.resolve(INCOMING))) {
      if (resultName(dir).equals(name) && isStale(dir)) {
        deleteTree(dir);
      }
    }
  }

  /**
   * Flushes every file and folder under {@code trees} to disk. They are flushed by several threads
   * at once: the file system then commits them together (on ext4 one journal commit serves all
   * the flushes waiting for it), where one after the other each would wait for its own.
   */
  static void syncTrees(java.util.List<Path> trees) {
    java.util.List<Path> files = new java.util.ArrayList<>();
    java.util.List<Path> dirs = new java.util.ArrayList<>();
    try {
      for (Path dir : trees) {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) files.add(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) {
            dirs.add(d);
            return FileVisitResult.CONTINUE;
          }
        });
      }
      java.util.List<java.util.concurrent.Future<Void>> flushes = new java.util.ArrayList<>();
      for (Path f : files) {
        flushes.add(syncPool().submit(() -> {
          AtomicFiles.force(f);
          return null;
        }));
      }
      for (Path d : dirs) {
        flushes.add(syncPool().submit(() -> {
          AtomicFiles.syncFolder(d);
          return null;
        }));
      }
      for (java.util.concurrent.Future<Void> f : flushes) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof IOException io) throw io;
          throw new IllegalStateException(e.getCause());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while flushing " + trees, e);
    }
  }

  private static java.util.concurrent.ExecutorService syncPool() {
    java.util.concurrent.ExecutorService pool = syncPool;
    if (pool == null) {
      synchronized (ResultsFolder.class) {
        if (syncPool == null) {
          syncPool = java.util.concurrent.Executors.newFixedThreadPool(SYNC_THREADS, r -> {
            Thread t = new Thread(r, "results-fsync");
            t.setDaemon(true);
            return t;
          });
        }
        pool = syncPool;
      }
    }
    return pool;
  }

  /**
   * The first rename of a commit: the previous result (if any) to .replaced/NONCE/NAME. Package
   * private so that a test can stop here, as a crash would.
   */
  Path moveOldAside() throws IOException {
    if (!Files.exists(target)) return null;
    Path replaced = Files.createDirectories(target.getParent().resolve(REPLACED));
    Path aside = Files.createTempDirectory(replaced, "p" + ProcessHandle.current().pid() + "_");
    move(target, aside.resolve(target.getFileName()));
    return aside;
  }

  /**
   * Restores every result an interrupted replacement left in {@code root/.replaced/} whose place
   * is empty, and deletes the others (their replacement is in place). Runs under the root's lock,
   * so no commit is half-way meanwhile. Returns the names restored.
   */
  public static java.util.List<String> recover(Path root) {
    Path replaced = root.toAbsolutePath().resolve(REPLACED);
    if (!Files.isDirectory(replaced)) return java.util.List.of();
    return withLock(root.toAbsolutePath(), () -> {
      java.util.List<String> restored = new java.util.ArrayList<>();
      for (Path aside : list(replaced)) {
        for (Path old : list(aside)) {
          Path place = root.toAbsolutePath().resolve(old.getFileName().toString());
          if (Files.exists(place)) {
            deleteTree(old);
          } else {
            move(old, place);
            restored.add(old.getFileName().toString());
          }
        }
        deleteTree(aside);
      }
      return restored;
    });
  }

  /**
   * Restores interrupted replacements ({@link #recover}) and deletes the temporary folders of
   * {@code root/.incoming/} whose owner is provably gone: no process has the pid in its name, or
   * that process started after the folder was made (the pid was reused). Folders of live writers
   * (other jobs of a parallel sweep, another ./lab process) and folders without an owner in
   * their name are left alone.
   */
  public static void cleanStale(Path root) {
    cleanStale(root, false);
  }

  /** As {@link #cleanStale(Path)}; {@code keepResumable} leaves stale folders with a checkpoint. */
  private static void cleanStale(Path root, boolean keepResumable) {
    java.util.List<String> restored = recover(root);
    for (String name : restored) {
      System.err.println("note: " + root.resolve(name) + " restored: an earlier run was"
          + " interrupted while replacing it");
    }
    Path incoming = root.toAbsolutePath().resolve(INCOMING);
    if (!Files.isDirectory(incoming)) return;
    try {
      for (Path dir : list(incoming)) {
        if (keepResumable && Files.isRegularFile(dir.resolve(RESUMABLE))) continue;
        if (isStale(dir)) deleteTree(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isStale(Path dir) throws IOException {
    Matcher m = OWNED.matcher(dir.getFileName().toString());
    if (!m.matches()) return false;
    Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(m.group(1)));
    if (owner.isEmpty() || !owner.get().isAlive()) return true;
    Optional<Instant> started = owner.get().info().startInstant();
    Instant made;
    try {
      made = Files.readAttributes(dir, BasicFileAttributes.class).creationTime().toInstant();
    } catch (NoSuchFileException e) {
      return false;
    }
    // Start times are reported to the clock tick: allow a few seconds before calling it reuse.
    return started.isPresent() && started.get().isAfter(made.plusSeconds(5));
  }

  private interface Step<T> {
    T run() throws IOException;
  }

  /** Runs {@code step} holding the JVM's lock and the file lock of {@code root}. */
  private static <T> T withLock(Path root, Step<T> step) {
    JVM_LOCK.lock();
    try (FileChannel ch = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      JVM_LOCK.unlock();
    }
  }

  private static java.util.List<Path> list(Path dir) throws IOException {
    java.util.List<Path> out = new java.util.ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) out.add(p);
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /**
   * Keeps the folder written so far, for the user to look at, as {@code <root>/.failed/<dir>}
   * instead of deleting it; the previous result stays in place. Returns where it went.
   */
  public Path keepAsFailed() {
    try {
      Path failed = Files.createDirectories(target.getParent().resolve(FAILED));
      Path kept = failed.resolve(incoming.getFileName());
      move(incoming, kept);
      committed = true;
      STAGING.remove(incoming.toAbsolutePath().normalize());
      return kept;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      STAGING.remove(incoming.toAbsolutePath().normalize());
      // A reopened folder holds an interrupted run's checkpoint: a resumed run that fails
      // leaves it for another --resume (once this process is gone, cleanStale keeps it too).
      if (!reopened) deleteTree(incoming);
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
