package lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sweep's writer of stacked groups' folders: bounded, every part run, failures surfaced. */
class JobWriterTest {

  @Test
  void runsEveryPartHandedOverBeforeFinishReturns() throws Exception {
    JobWriter writer = new JobWriter(2);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    for (int g = 0; g < 5; g++) {
      int group = g;
      writer.submit(List.of(() -> ran.add(2 * group), () -> ran.add(2 * group + 1)));
    }
    writer.finish();
    List<Integer> sorted = new ArrayList<>(ran);
    Collections.sort(sorted);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), sorted);
  }

  @Test
  void aSweepThreadWaitsWhileAsManyPartsAsThreadsAreUnwritten() throws Exception {
    JobWriter writer = new JobWriter(2);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Runnable blocked = () -> {
      started.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    writer.submit(List.of(blocked, blocked));
    CountDownLatch handedOver = new CountDownLatch(1);
    Thread next = new Thread(() -> {
      try {
        writer.submit(List.of(() -> { }));
        handedOver.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    next.start();
    assertFalse(handedOver.await(300, TimeUnit.MILLISECONDS),
        "a third part was taken while two were being written");
    release.countDown();
    assertTrue(handedOver.await(10, TimeUnit.SECONDS));
    next.join();
    writer.finish();
    assertEquals(2, started.get());
  }

  @Test
  void theFirstFailureStopsLaterWritesAndIsRethrownAsItWas() throws Exception {
    JobWriter writer = new JobWriter(1);
    UncheckedIOException disk = new UncheckedIOException("runs/0003: No space left on device",
        new java.io.IOException("No space left on device"));
    CountDownLatch fail = new CountDownLatch(1);
    AtomicInteger ranAfter = new AtomicInteger();
    writer.submit(List.of(() -> {
      try {
        fail.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw disk;
    }));
    // A sweep thread hands a group over while the failing part is still being written: it
    // waits for the writer's one slot, which frees only once the failure is recorded.
    Thread next = new Thread(() -> {
      try {
        writer.submit(List.of(ranAfter::incrementAndGet));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    next.start();
    while (next.getState() != Thread.State.WAITING) Thread.sleep(5);
    fail.countDown();
    next.join();
    assertSame(disk, assertThrows(UncheckedIOException.class, writer::finish));
    assertEquals(0, ranAfter.get(), "a part handed over after the failure was written");
    assertSame(disk, assertThrows(UncheckedIOException.class, writer::rethrowFailure));
    // And a sweep thread that hands a group over now is refused with the same failure.
    assertSame(disk, assertThrows(UncheckedIOException.class,
        () -> writer.submit(List.of(ranAfter::incrementAndGet))));
  }

  @Test
  void finishingQuietlyWaitsForTheWritesAndDropsTheirFailure() throws Exception {
    JobWriter writer = new JobWriter(1);
    AtomicInteger written = new AtomicInteger();
    writer.submit(List.of(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.incrementAndGet();
    }));
    writer.finishQuietly();
    assertEquals(1, written.get());
    JobWriter failing = new JobWriter(1);
    failing.submit(List.of(() -> {
      throw new IllegalStateException("broken");
    }));
    failing.finishQuietly();
    assertThrows(IllegalStateException.class, failing::rethrowFailure);
  }
}
