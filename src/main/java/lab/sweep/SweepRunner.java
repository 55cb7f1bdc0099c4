package lab.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import lab.core.UserError;
import lab.experiment.Experiment;
import lab.experiment.ExperimentRunner;
import lab.experiment.Experiments;
import lab.experiment.StackableExperiment;
import lab.results.Yaml;
import lab.results.ResultsFolder;
import lab.spec.ExperimentSpec;
import lab.train.Checkpoints;
import lab.train.DivergedException;

/**
 * Runs a sweep's jobs N at a time in one JVM, each into its own runs/&lt;job-id&gt;/ through the
 * one results writer. A job is done iff its folder holds summary.json (the writer moves a folder
 * into place only when complete), so --resume reruns exactly the jobs that are not.
 */
public final class SweepRunner {
  /** Where --resume keeps interrupted jobs' in-progress folders with a checkpoint (runs/...). */
  static final String SHELF = ".resumable";
  /**
   * A stacked group's folders are written in this many parts, side by side: on a second core
   * while the group's thread trains the next group, on both once it has no more to train.
   */
  static final int WRITE_PARTS = 2;

  private final Sweep sweep;
  private final Path dir;
  private final PrintStream console;
  private boolean stack;
  private final boolean stackGiven;
  private String resumeCommand;
  private Remote remote;

  /**
   * Trains a sweep's units somewhere else (e.g. lab.spark: Spark executors) and hands each
   * finished job back as its folder's files; the driver writes them here. May hand a job more
   * than once (a retried task): only the first copy is written.
   */
  public interface Remote {
    /** Trains {@code units} of {@code sweep}, calling {@code sink} as each job's files arrive. */
    void train(Sweep sweep, List<Unit> units, java.util.function.Consumer<JobFiles> sink);

    /** Says where the jobs go, for the console. */
    String describe();
  }

  /**
   * What one remote task trains: jobs of one grid point together (stacked) or one job alone, by
   * their indexes in the sweep, and which of them still need writing.
   */
  public record Unit(List<Integer> jobs, boolean stacked, List<Integer> todo)
      implements java.io.Serializable {}

  /**
   * A finished job's folder as bytes (relative path to content), sent from where it was trained
   * to the process that writes the sweep folder.
   */
  public record JobFiles(int jobIndex, String jobId, String line,
      java.util.LinkedHashMap<String, byte[]> files) implements java.io.Serializable {}

  /** A runner that trains the seeds of a grid point together where it can (see JobGroups). */
  /** {@code stack} false trains every job alone, e.g. to compare or to measure. */
  public SweepRunner(Sweep sweep, Path dir, PrintStream console, boolean stack) {
    this(sweep, dir, console, stack, false);
  }

  /**
   * {@code stackGiven}: the mode was asked for explicitly (--one-by-one). On resume the mode
   * recorded in sweep.yaml is kept; an explicit request for the other mode is refused.
   */
  public SweepRunner(Sweep sweep, Path dir, PrintStream console, boolean stack,
      boolean stackGiven) {
    this.sweep = sweep;
    this.dir = dir;
    this.console = console;
    this.stack = stack;
    this.stackGiven = stackGiven;
    this.resumeCommand = "./lab sweep " + sweep.name() + " --resume";
  }

  /** The command an interrupted sweep tells the user to finish it with. */
  public SweepRunner resumeCommand(String command) {
    this.resumeCommand = command;
    return this;
  }

  /** Trains the jobs through {@code remote} instead of in this process's threads. */
  public SweepRunner remote(Remote remote) {
    this.remote = remote;
    return this;
  }

  public static Path runsDir(Path sweepDir) {
    return sweepDir.resolve("runs");
  }

  /** Runs every job not yet done and writes runs.csv, summary.md and the charts. */
  public List<JobResult> run(int parallel, boolean resume) {
    // Every job must fit in memory before the first one starts (or the folder is made).
    sweep.jobs().stream().map(Job::spec).map(spec -> spec.with(java.util.Map.of("seed", 0L,
        "name", sweep.name()))).distinct()
        .forEach(spec -> lab.net.MemoryEstimate.check(spec, sweep.source()));
    prepare(resume);
    List<Job> todo = sweep.jobs().stream().filter(j -> !isDone(j)).toList();
    int done0 = sweep.jobs().size() - todo.size();
    List<JobGroups.Group> groups = JobGroups.of(sweep, stack).stream()
        .filter(g -> g.jobs().stream().anyMatch(j -> !isDone(j))).toList();
    console.printf("== sweep %s: %d jobs (%d grid points x %d seeds), %d already done, %d to run,"
        + " %s -> %s%n", sweep.name(), sweep.jobs().size(), sweep.points(),
        sweep.seeds().size(), done0, todo.size(),
        remote != null ? "as remote tasks" : parallel + " at a time", dir);
    describeStacking(groups);
    if (remote != null) {
      runRemote(groups, done0);
    } else {
      runGroups(groups, parallel, done0);
    }
    try {
      Files.deleteIfExists(runsDir(dir).resolve(SHELF)); // emptied by the jobs resumed
    } catch (IOException e) {
      // not empty (a job that failed again keeps nothing there) or gone: left as it is
    }
    List<JobResult> results = SweepReport.write(sweep, dir);
    SweepCharts.draw(sweep, dir, results);
    return results;
  }

  /**
   * Creates the sweep folder, or, with resume, checks that it belongs to this very sweep (its
   * resolved spec, grid and scoring; seeds may only grow), keeps the recorded stacking mode and
   * clears what an interruption left. Never overwrites an existing sweep silently.
   */
  private void prepare(boolean resume) {
    Path yaml = dir.resolve("sweep.yaml");
    try {
      if (Files.exists(dir)) {
        if (!resume) {
          throw new UserError(dir + ": exists; add --resume to finish that sweep, or move the"
              + " folder away to start over");
        }
        if (Files.isRegularFile(yaml)) checkSameSweep(yaml);
        shelveCheckpoints();
        clearUnfinished();
      }
      Files.createDirectories(runsDir(dir));
      Map<String, Object> record = SweepResume.toNested(sweep, stack);
      if (!Files.isRegularFile(yaml) || !Yaml.text(record).equals(Files.readString(yaml))) {
        Yaml.write(yaml, record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkSameSweep(Path yaml) {
    SweepResume.Stored stored = SweepResume.read(yaml, sweep.name());
    List<String> diff = SweepResume.differences(stored.sweep(), sweep);
    List<Long> dropped = SweepResume.dropped(stored.sweep(), sweep);
    if (!dropped.isEmpty()) {
      diff = new ArrayList<>(diff);
      diff.add("seeds: " + dropped + " in sweep.yaml but not now (resume can add seeds, not drop"
          + " them)");
    }
    if (!diff.isEmpty()) {
      throw new UserError(yaml + ": the sweep " + sweep.source() + " resolves to differs from it: "
          + String.join("; ", diff) + ". Resume only finishes the same sweep (or adds seeds);"
          + " move the folder away to start over");
    }
    if (sweep.random() && sweep.search().samples() > stored.sweep().search().samples()) {
      console.printf("samples: %d -> %d: running the %d new samples (the first %d are drawn as"
          + " before)%n", stored.sweep().search().samples(), sweep.search().samples(),
          sweep.search().samples() - stored.sweep().search().samples(),
          stored.sweep().search().samples());
    }
    int added = sweep.seeds().size() - stored.sweep().seeds().size();
    if (added > 0) {
      console.printf("seeds: %d -> %d: running the %d new seeds of every grid point%n",
          stored.sweep().seeds().size(), sweep.seeds().size(), added);
    }
    SweepResume.adoptJobFolders(sweep, runsDir(dir));
    String recorded = stored.stacking();
    if (recorded == null) {
      recorded = SweepResume.inferMode(sweep, runsDir(dir));
      console.println("sweep.yaml records no stacking mode (a sweep started by an older"
          + " version); " + (recorded == null ? "no finished job shows it: resuming "
          + SweepResume.mode(stack) : "its finished jobs were trained " + recorded + ": resuming "
          + recorded) + " and recording it");
    }
    if (recorded != null && !recorded.equals(SweepResume.mode(stack))) {
      if (stackGiven) {
        throw new UserError("--one-by-one: " + yaml + " records stacking: " + recorded
            + "; resume keeps the mode a sweep started with (move the folder away to start"
            + " over one by one)");
      }
      stack = SweepResume.STACKED.equals(recorded);
      if (stored.stacking() != null) {
        console.println("resuming " + recorded + ", the mode sweep.yaml records for this sweep");
      }
    }
  }

  /**
   * Folders an interrupted run left: the writer's temporary folders whose process is gone (those
   * of a live process are left alone), results set aside by an interrupted replacement (moved
   * back) and job folders without summary.json.
   */
  private void clearUnfinished() throws IOException {
    Path runs = runsDir(dir);
    if (Files.isDirectory(runs)) ResultsFolder.cleanStale(runs);
    for (Job j : sweep.jobs()) {
      Path jobDir = runs.resolve(j.id());
      if (Files.exists(jobDir) && !ExperimentRunner.isResultFolder(jobDir)) {
        ResultsFolder.deleteTree(jobDir);
      }
    }
  }

  /**
   * Sets aside, in runs/{@value #SHELF}/JOB-ID/, the in-progress folders of interrupted jobs that
   * hold a checkpoint of the job's spec (the latest one per job), before the folders of the
   * process that is gone are cleared; {@link #runOne} continues those jobs from there. Shelved
   * folders of jobs done, gone from the sweep or whose spec changed are deleted.
   */
  private void shelveCheckpoints() throws IOException {
    Path runs = runsDir(dir);
    if (!Files.isDirectory(runs)) return;
    Map<String, Job> byId = new java.util.HashMap<>();
    for (Job j : sweep.jobs()) byId.put(j.id(), j);
    ResultsFolder.shelveStale(runs, SHELF, (id, d) -> byId.containsKey(id)
        ? resumableEpoch(id, d, byId.get(id)) : -1);
    Path shelf = runs.resolve(SHELF);
    if (!Files.isDirectory(shelf)) return;
    try (java.util.stream.Stream<Path> s = Files.list(shelf)) {
      for (Path d : s.toList()) {
        Job j = byId.get(d.getFileName().toString());
        if (j == null || isDone(j) || Checkpoints.epochIn(d, j.spec()) < 0) {
          ResultsFolder.deleteTree(d);
        }
      }
    }
  }

  /**
   * The epoch a job's interrupted folder can continue from, or -1. A checkpoint of the job's spec
   * that is damaged (unreadable JSON, a truncated model zip) is not resumed from: the console
   * says so, naming the file, and the job starts again from its first epoch, as the sweep's other
   * jobs go on.
   */
  private int resumableEpoch(String id, Path d, Job job) {
    try {
      return Checkpoints.checkedEpochIn(d, job.spec());
    } catch (Checkpoints.Damaged e) {
      console.println("note: job " + id + ": " + e.what() + "; its checkpoint cannot be resumed"
          + " from, so the job starts again from its first epoch");
      return -1;
    }
  }

  private boolean isDone(Job job) {
    return ExperimentRunner.isResultFolder(runsDir(dir).resolve(job.id()));
  }

  private void describeStacking(List<JobGroups.Group> groups) {
    long stacked = groups.stream().filter(JobGroups.Group::stacked).count();
    int largest = groups.stream().mapToInt(g -> g.jobs().size()).max().orElse(0);
    if (stacked > 0) {
      console.printf("training the seeds of a grid point together: %d stacked networks of up to %d"
          + " jobs (--one-by-one trains each job alone)%n", stacked, largest);
    }
    groups.stream().filter(g -> !g.stacked()).map(g -> g.jobs().get(0).spec())
        .map(JobGroups::whyAlone).filter(why -> why != null).distinct()
        .forEach(why -> console.println("one job at a time where " + why));
  }

  private void runGroups(List<JobGroups.Group> groups, int parallel, int done0) {
    if (groups.isEmpty()) return;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    Progress progress = new Progress(sweep.jobs().size(), done0, console);
    // Ctrl-C (SIGINT) or a kill (SIGTERM) ends the JVM through its shutdown hooks: say what is
    // kept and how to go on. Jobs being written are left in runs/.incoming/ and cleared on resume.
    Thread onInterrupt = new Thread(() -> console.printf("%ninterrupted: %d of %d jobs done"
        + " (kept in %s); finish with: %s%n", progress.done.get(), sweep.jobs().size(),
        runsDir(dir), resumeCommand));
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    // A stacked group's folders are written while the same thread trains the next group.
    JobWriter writer = new JobWriter(parallel * WRITE_PARTS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (JobGroups.Group group : groups) {
        futures.add(pool.submit(() -> {
          runGroup(group, progress, writer);
          return null;
        }));
      }
      try {
        for (Future<?> f : futures) f.get();
      } catch (ExecutionException e) {
        pool.shutdownNow();
        // The groups trained before the failure are written before the sweep ends.
        writer.finishQuietly();
        throw e;
      }
      writer.finish();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } finally {
      pool.shutdown();
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down: the hook runs and says so.
      }
    }
  }

  /**
   * A group's jobs not yet done. A stacked group is trained whole, also when some of its jobs are
   * done (an interruption while its jobs were written), so that every job gets the numbers of the
   * same stack; only the jobs not yet done are written. If any loss becomes non-finite, the NaN
   * has reached every network of the stack, so the group's jobs are rerun one by one, which
   * records the diverged ones as such.
   */
  private void runGroup(JobGroups.Group group, Progress progress, JobWriter writer)
      throws InterruptedException {
    writer.rethrowFailure(); // a group's folders could not be written: no more training
    writer.submit(trainGroup(group.jobs(), group.stacked(), j -> !isDone(j), runsDir(dir),
        runsDir(dir).resolve(SHELF), console, progress::done));
  }

  /**
   * Trains a group. Jobs trained one by one are written here; for a stacked group, returns the
   * writing of its folders under {@code runs}, in {@value #WRITE_PARTS} parts of consecutive
   * jobs that may run side by side, to be run by the caller (none when nothing is left to do).
   */
  private static List<Runnable> trainGroup(List<Job> jobs, boolean stacked,
      java.util.function.Predicate<Job> needed, Path runs, Path shelf, PrintStream console,
      java.util.function.BiConsumer<Job, String> done) {
    List<Job> todo = jobs.stream().filter(needed).toList();
    if (stacked) {
      try {
        List<Experiment.Run> trained = trainTogether(jobs);
        // The jobs not yet done, written and then committed together (one flush to disk).
        List<ExperimentSpec> specs = new ArrayList<>();
        List<Path> targets = new ArrayList<>();
        List<Experiment.Run> toWrite = new ArrayList<>();
        for (int k = 0; k < jobs.size(); k++) {
          Job job = jobs.get(k);
          if (!todo.contains(job)) continue;
          specs.add(job.spec());
          targets.add(runs.resolve(job.id()));
          toWrite.add(trained.get(k));
        }
        List<Runnable> parts = new ArrayList<>();
        int n = specs.size();
        for (int p = 0; p < WRITE_PARTS; p++) {
          int from = n * p / WRITE_PARTS;
          int to = n * (p + 1) / WRITE_PARTS;
          if (from == to) continue;
          parts.add(() -> {
            List<Map<String, Object>> summaries = ExperimentRunner.recordAll(
                specs.subList(from, to), targets.subList(from, to), toWrite.subList(from, to));
            for (int k = from; k < to; k++) {
              done.accept(todo.get(k), describe(summaries.get(k - from)));
            }
          });
        }
        return parts;
      } catch (DivergedException e) {
        console.printf("a loss of the stacked jobs %s..%s became non-finite (epoch %d): training"
            + " them one by one%n", jobs.get(0).id(), jobs.get(jobs.size() - 1).id(), e.epoch());
      }
    }
    for (Job job : todo) done.accept(job, runOne(job, runs, shelf));
    return List.of();
  }

  /**
   * Trains one unit where this is called (a remote task) into a temporary folder and returns the
   * folders of its jobs still to do as bytes; the temporary folder is removed. The numbers are
   * those of the in-process runner: the same code trains the same jobs.
   */
  public static List<JobFiles> trainUnit(Sweep sweep, Unit unit, PrintStream console) {
    List<Job> jobs = unit.jobs().stream().map(i -> sweep.jobs().get(i)).toList();
    java.util.Set<Integer> todo = new java.util.HashSet<>(unit.todo());
    List<JobFiles> out = new ArrayList<>();
    Path tmp;
    try {
      tmp = Files.createTempDirectory("lab-sweep-unit-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      // Written here, part after part, before the folders are read back.
      trainGroup(jobs, unit.stacked(), j -> todo.contains(j.index()), tmp, null, console,
          (job, line) -> out.add(new JobFiles(job.index(), job.id(), line,
              readTree(tmp.resolve(job.id()))))).forEach(Runnable::run);
      return out;
    } finally {
      ResultsFolder.deleteTree(tmp);
    }
  }

  /** Every file under {@code dir}, by path relative to it ('/'-separated), in sorted order. */
  static java.util.LinkedHashMap<String, byte[]> readTree(Path dir) {
    java.util.LinkedHashMap<String, byte[]> files = new java.util.LinkedHashMap<>();
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        files.put(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'),
            Files.readAllBytes(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /**
   * The remote runner's driver side: sends the units away and writes each job that comes back
   * through the one results writer (a temporary folder moved into place), once: a copy of a job
   * already written (a task retried after its first attempt had reported) is ignored.
   */
  private void runRemote(List<JobGroups.Group> groups, int done0) {
    if (groups.isEmpty()) return;
    console.println("jobs go to " + remote.describe());
    Progress progress = new Progress(sweep.jobs().size(), done0, console);
    List<Unit> units = new ArrayList<>();
    for (JobGroups.Group g : groups) {
      units.add(new Unit(g.jobs().stream().map(Job::index).toList(), g.stacked(),
          g.jobs().stream().filter(j -> !isDone(j)).map(Job::index).toList()));
    }
    Thread onInterrupt = new Thread(() -> console.printf("%ninterrupted: %d of %d jobs done"
        + " (kept in %s); finish with: %s%n", progress.done.get(), sweep.jobs().size(),
        runsDir(dir), resumeCommand));
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      remote.train(sweep, units, files -> writeReturned(files, progress));
      if (progress.duplicates.get() > 0) {
        console.printf("%d copies of jobs already written (retried tasks) were ignored%n",
            progress.duplicates.get());
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down: the hook runs and says so.
      }
    }
    List<String> missing = sweep.jobs().stream().filter(j -> !isDone(j)).map(Job::id).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(remote.describe() + " finished without " + missing.size()
          + " jobs, e.g. " + missing.get(0));
    }
  }

  private synchronized void writeReturned(JobFiles files, Progress progress) {
    Job job = sweep.jobs().get(files.jobIndex());
    if (!job.id().equals(files.jobId())) {
      throw new IllegalStateException("a remote task returned job " + files.jobId() + " as job "
          + files.jobIndex() + ", which is " + job.id() + " here (different code or sweep?)");
    }
    if (isDone(job)) {
      progress.duplicates.incrementAndGet();
      return;
    }
    try (ResultsFolder folder = ResultsFolder.begin(runsDir(dir).resolve(job.id()))) {
      for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
        Path p = folder.dir().resolve(f.getKey()).normalize();
        if (!p.startsWith(folder.dir())) {
          throw new IllegalStateException("a remote task returned a file outside its job folder: "
              + f.getKey());
        }
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      folder.commit();
      // A checkpoint shelved for this job (an interrupted in-process run) is not needed now.
      Path shelved = runsDir(dir).resolve(SHELF).resolve(job.id());
      if (Files.exists(shelved)) ResultsFolder.deleteTree(shelved);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.done(job, files.line());
  }

  private static List<Experiment.Run> trainTogether(List<Job> jobs) {
    ExperimentSpec first = jobs.get(0).spec();
    StackableExperiment experiment = (StackableExperiment) Experiments.forKind(first.experiment());
    return experiment.trainTogether(jobs.stream().map(Job::spec).toList(),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  private static String describe(Map<String, Object> summary) {
    return String.format("loss %.3g, accuracy %.2f", (Double) summary.get("final_train_loss"),
        (Double) summary.get("train_accuracy"));
  }

  /**
   * One job, quiet: its printout would interleave with the other threads' and the progress. A
   * job interrupted after a checkpoint (shelved by {@link #shelveCheckpoints} in {@code shelf};
   * null where there is none, e.g. a remote task) continues from it.
   */
  private static String runOne(Job job, Path runs, Path shelf) {
    Path target = runs.resolve(job.id());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    long t0 = System.nanoTime();
    Path shelved = shelf == null ? null : shelf.resolve(job.id());
    int from = shelved != null && Files.isDirectory(shelved)
        ? Checkpoints.epochIn(shelved, job.spec()) : -1;
    try {
      if (from >= 0) {
        return describe(ExperimentRunner.resumeFrom(job.spec(), shelved, target, quiet, false))
            + " (resumed from its checkpoint after epoch " + from + ")";
      }
      return describe(ExperimentRunner.run(job.spec(), target, quiet, false));
    } catch (DivergedException e) {
      ExperimentRunner.recordDiverged(job.spec(), target, e, (System.nanoTime() - t0) / 1e9);
      return "diverged at epoch " + e.epoch();
    }
  }

  /** Jobs done / total and an ETA from the pace of the jobs run in this session. */
  private static final class Progress {
    private final int total;
    private final int done0;
    private final PrintStream console;
    private final AtomicInteger done;
    /** Copies of finished jobs handed back again (retried remote tasks), not written. */
    private final AtomicInteger duplicates = new AtomicInteger();
    private final long start = System.nanoTime();

    Progress(int total, int done0, PrintStream console) {
      this.total = total;
      this.done0 = done0;
      this.console = console;
      this.done = new AtomicInteger(done0);
    }

    synchronized void done(Job job, String what) {
      int d = done.incrementAndGet();
      double elapsed = (System.nanoTime() - start) / 1e9;
      double eta = elapsed / (d - done0) * (total - d);
      console.printf("[%d/%d] %s: %s | elapsed %s, ETA %s%n", d, total, job.id(), what,
          clock(elapsed), clock(eta));
    }

    private static String clock(double seconds) {
      long s = Math.round(seconds);
      return String.format("%d:%02d", s / 60, s % 60);
    }
  }
}
