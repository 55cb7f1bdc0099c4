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

  private final Sweep sweep;
  private final Path dir;
  private final PrintStream console;
  private boolean stack;
  private final boolean stackGiven;
  private String resumeCommand;

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
        + " %d at a time -> %s%n", sweep.name(), sweep.jobs().size(), sweep.points(),
        sweep.seeds().size(), done0, todo.size(), parallel, dir);
    describeStacking(groups);
    runGroups(groups, parallel, done0);
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
        ? Checkpoints.epochIn(d, byId.get(id).spec()) : -1);
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
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (JobGroups.Group group : groups) {
        futures.add(pool.submit(() -> runGroup(group, progress)));
      }
      for (Future<?> f : futures) f.get();
    } catch (ExecutionException e) {
      pool.shutdownNow();
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
  private void runGroup(JobGroups.Group group, Progress progress) {
    List<Job> todo = group.jobs().stream().filter(j -> !isDone(j)).toList();
    if (group.stacked()) {
      try {
        List<Experiment.Run> runs = trainTogether(group.jobs());
        for (int k = 0; k < group.jobs().size(); k++) {
          Job job = group.jobs().get(k);
          if (!todo.contains(job)) continue;
          progress.done(job, describe(ExperimentRunner.record(job.spec(),
              runsDir(dir).resolve(job.id()), runs.get(k), false)));
        }
        return;
      } catch (DivergedException e) {
        console.printf("a loss of the stacked jobs %s..%s became non-finite (epoch %d): training"
            + " them one by one%n", group.jobs().get(0).id(),
            group.jobs().get(group.jobs().size() - 1).id(), e.epoch());
      }
    }
    for (Job job : todo) progress.done(job, runOne(job));
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
   * job interrupted after a checkpoint (shelved by {@link #shelveCheckpoints}) continues from it.
   */
  private String runOne(Job job) {
    Path target = runsDir(dir).resolve(job.id());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    long t0 = System.nanoTime();
    Path shelved = runsDir(dir).resolve(SHELF).resolve(job.id());
    int from = Files.isDirectory(shelved) ? Checkpoints.epochIn(shelved, job.spec()) : -1;
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
