package lab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Independent tasks run at the same time, one thread each up to the machine's cores, and waited
 * for. Used for a run's charts, which read only the finished files and each write their own
 * PNG: drawing them side by side takes them off the end of a run on a machine with a second core.
 */
public final class Together {
  private Together() {}

  /**
   * Runs every task and returns when all have ended. The first failure is rethrown as it was
   * thrown (a {@link UserError} stays one line); the other tasks still run to their end.
   */
  public static void run(List<Runnable> tasks) {
    int threads = Math.min(tasks.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      for (Runnable t : tasks) t.run();
      return;
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int first = w;
      Thread t = new Thread(() -> {
        for (int i = first; i < tasks.size(); i += threads) {
          try {
            tasks.get(i).run();
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }
      }, "together-" + w);
      t.setDaemon(true);
      started.add(t);
      t.start();
    }
    boolean interrupted = false;
    for (Thread t : started) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the tasks write files: let them end, then say so
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    Throwable e = failure.get();
    if (e instanceof RuntimeException r) throw r;
    if (e instanceof Error err) throw err;
    if (e != null) throw new IllegalStateException(e);
  }
}
