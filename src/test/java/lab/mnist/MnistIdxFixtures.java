package lab.mnist;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small IDX files written by the tests themselves, and the expectations that match them. */
final class MnistIdxFixtures {
  static final int COUNT = 3;

  private MnistIdxFixtures() {}

  /** Image i has pixel p = (i * 31 + p) mod 256; label i is (i * 4) mod 10. */
  static byte[] imagesFile(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxFile.IMAGES_MAGIC);
    out.writeInt(count);
    out.writeInt(28);
    out.writeInt(28);
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 784; p++) out.writeByte((i * 31 + p) % 256);
    }
    return bytes.toByteArray();
  }

  static byte[] labelsFile(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxFile.LABELS_MAGIC);
    out.writeInt(count);
    for (int i = 0; i < count; i++) out.writeByte((i * 4) % 10);
    return bytes.toByteArray();
  }

  /** Writes images.idx and labels.idx into dir; returns what they must be (their real hashes). */
  static List<IdxFile> write(Path dir) throws IOException {
    Path images = Files.write(dir.resolve("images.idx"), imagesFile(COUNT));
    Path labels = Files.write(dir.resolve("labels.idx"), labelsFile(COUNT));
    return List.of(
        new IdxFile("images.idx", IdxFile.IMAGES_MAGIC, COUNT, IdxFile.imagesSize(COUNT),
            MnistFiles.sha256(images)),
        new IdxFile("labels.idx", IdxFile.LABELS_MAGIC, COUNT, IdxFile.labelsSize(COUNT),
            MnistFiles.sha256(labels)));
  }
}
