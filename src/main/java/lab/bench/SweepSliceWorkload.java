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
 * is everything ./lab sweep does: training (stacked), each job's result folder, runs.csv,
 * summary.md and the sweep's charts. PyTorch does what a skilled PyTorch user writes for an
 * ensemble: each grid point's seeds as one batched model (bench/torch_bench.py, Ensemble),
 * training and evaluating only, on one thread as DL4J's one job at a time.
 */
final class SweepSliceWorkload implements InProcessWorkload {
  private final Sweep sweep;
  private final int parallel;
  private final int warmUp;
  private final int rounds;

  SweepSliceWorkload(Sweep sweep, int parallel, int warmUp, int rounds) {
    this.sweep = sweep;
    this.parallel = parallel;
    this.warmUp = warmUp;
    this.rounds = rounds;
  }

  @Override
  public int warmUpRounds() {
    return warmUp;
  }

  @Override
  public int rounds() {
    return rounds;
  }

  /** A job's training steps on the four points (the evaluations every record_every left out). */
  @Override
  public double flopsPerUnit() {
    Job first = sweep.jobs().get(0);
    return 2.0 * 4 * first.spec().epochs() * MnistEpochWorkload.multiplyAddsPerImage(
        lab.net.NetworkFactory.widths(first.spec(), 2, 1));
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
    List<Map<String, Object>> points = new ArrayList<>();
    for (List<Job> point : sweep.byPoint()) {
      Job first = point.get(0);
      Map<String, Object> r = TorchRecipe.of(first.spec(), 2, 1);
      r.remove("seed");
      r.put("seeds", point.stream().map(Job::seed).toList());
      r.put("epochs", first.spec().epochs());
      r.put("record_every", first.spec().recordEvery());
      points.add(r);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("points", points);
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
    d.put("pytorch", "each grid point's seeds as one batched model (torch.baddbmm), the points"
        + " one after the other on one thread, no files written");
    return d;
  }

  @Override
  public String shown(double secondsPerUnit) {
    return String.format("%.1f jobs/min", 60 / secondsPerUnit);
  }
}
