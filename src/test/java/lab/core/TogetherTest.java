package lab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TogetherTest {

  @Test
  void everyTaskRunsOnce() {
    AtomicInteger[] counts = new AtomicInteger[7];
    List<Runnable> tasks = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      AtomicInteger c = counts[i] = new AtomicInteger();
      tasks.add(c::incrementAndGet);
    }
    Together.run(tasks);
    for (AtomicInteger c : counts) assertEquals(1, c.get());
  }

  @Test
  void aFailureComesBackAsItWasThrownAfterTheOthersEnded() {
    UserError thrown = new UserError("x.yaml: no such file");
    AtomicInteger others = new AtomicInteger();
    UserError caught = assertThrows(UserError.class, () -> Together.run(List.of(
        () -> {
          throw thrown;
        },
        others::incrementAndGet, others::incrementAndGet, others::incrementAndGet)));
    assertSame(thrown, caught);
    assertEquals(3, others.get());
  }
}
