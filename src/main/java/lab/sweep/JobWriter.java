package lab.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the job folders of trained stacked groups on threads of its own, so that a sweep thread
 * trains its next group while the folders of the one before are written (docs/performance.md:
 * the folders of a group of XOR jobs take about as long as its training on an ext4 disk).
 *
 * <p>At most {@code threads} parts of groups wait or are being written at a time: a sweep thread
 * that would hand over one more waits, so trained networks never pile up in memory. The first failure
 * of a write is handed to the next sweep thread that hands a group over and rethrown by
 * {@link #finish}; groups handed over after it are not written. A write is never interrupted:
 * a folder being written when the sweep fails is finished, or left uncommitted for --resume.
 */
final class JobWriter {
  private final ExecutorService pool;
  private final Semaphore slots;
  private final List<Future<?>> writes = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  JobWriter(int threads) {
    this.slots = new Semaphore(threads);
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sweep-writer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Hands a group's writing over, in parts that may run side by side; waits while as many parts
   * as threads wait or are being written.
   */
  void submit(List<Runnable> parts) throws InterruptedException {
    for (Runnable part : parts) {
      rethrowFailure();
      slots.acquire();
      try {
        Future<?> f = pool.submit(() -> {
          try {
            if (failure.get() == null) part.run();
          } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
        synchronized (writes) {
          writes.add(f);
        }
      } catch (RejectedExecutionException e) {
        slots.release();
        throw e;
      }
    }
  }

  /**
   * Waits for every write handed over (call when no sweep thread hands over any more), ends the
   * writer's threads and rethrows the first failure.
   */
  void finish() throws InterruptedException {
    List<Future<?>> all;
    synchronized (writes) {
      all = List.copyOf(writes);
    }
    try {
      for (Future<?> f : all) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failure.compareAndSet(null, e.getCause());
        }
      }
    } finally {
      pool.shutdown();
    }
    rethrowFailure();
  }

  /** As {@link #finish}, for a sweep failing already: a failure of the writes is dropped. */
  void finishQuietly() throws InterruptedException {
    try {
      finish();
    } catch (RuntimeException | Error dropped) {
      // the sweep's own failure is the one reported
    }
  }

  /** Throws the first failure of a write, if any. */
  void rethrowFailure() {
    Throwable t = failure.get();
    if (t == null) return;
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
    throw new IllegalStateException(t);
  }
}
