package lab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.results.ResultsFolder;
import lab.sweep.Job;
import lab.sweep.Sweep;
import lab.sweep.SweepRunner;

/**
 * Sweep throughput: the 40 jobs of experiments/sweeps/bench-xor-slice.yaml (a slice of
 * xor-optimizer-lr at 2,000 epochs) run by the sweep runner, {@code parallel} at a time as
 * ./lab sweep does, into a temporary folder that is deleted after each round. The round's time
 * is everything ./lab sweep does: training, each job's result folder, runs.csv, summary.md and
 * the sweep's charts. PyTorch runs the same jobs one after the other on one thread, training and
 * evaluating only (the baseline: PyTorch job after job on one core).
 */
final class SweepSliceWorkload implements Workload {
  private final Sweep sweep;
  private final int parallel;

  SweepSliceWorkload(Sweep sweep, int parallel) {
    this.sweep = sweep;
    this.parallel = parallel;
  }

  @Override
  public String id() {
    return "sweep_slice";
  }

  @Override
  public String title() {
    return "sweep: " + sweep.jobs().size() + " XOR jobs of " + sweep.base().epochs()
        + " epochs";
  }

  @Override
  public String label() {
    return "sweep job";
  }

  @Override
  public String unit() {
    return "job";
  }

  @Override
  public double unitsPerRound() {
    return sweep.jobs().size();
  }

  /** No round of its own (a round is minutes): the XOR rounds before it warm up the same code. */
  @Override
  public boolean needsWarmUp() {
    return false;
  }

  @Override
  public double dl4jRound() {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("lab-bench-sweep-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      long t0 = System.nanoTime();
      new SweepRunner(sweep, tmp.resolve(sweep.name()), XorStepWorkload.QUIET, true)
          .run(parallel, false);
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      ResultsFolder.deleteTree(tmp);
    }
  }

  @Override
  public Map<String, Object> torchRequest() {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Job job : sweep.jobs()) {
      Map<String, Object> r = TorchRecipe.of(job.spec(), 2, 1);
      r.put("epochs", job.spec().epochs());
      r.put("record_every", job.spec().recordEvery());
      jobs.add(r);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workload", id());
    r.put("jobs", jobs);
    return r;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("sweep", "experiments/sweeps/bench-xor-slice.yaml");
    d.put("jobs", sweep.jobs().size());
    d.put("epochs", sweep.base().epochs());
    d.put("grid", sweep.grid());
    d.put("seeds", sweep.seeds());
    d.put("dl4j_parallel_jobs", parallel);
    d.put("pytorch", "the same jobs one after the other on one thread, no files written");
    return d;
  }

  @Override
  public Map<String, Object> figures(double secondsPerUnit) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("seconds_per_job", secondsPerUnit);
    f.put("jobs_per_minute", 60 / secondsPerUnit);
    return f;
  }

  @Override
  public String shown(double secondsPerUnit) {
    return String.format("%.1f jobs/min", 60 / secondsPerUnit);
  }
}
