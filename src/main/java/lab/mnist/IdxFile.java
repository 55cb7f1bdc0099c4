package lab.mnist;

/**
 * What one IDX file must be: its name, magic number (2051 for images, 2049 for labels), item
 * count, byte size and SHA-256. Checked before anything reads the file.
 */
public record IdxFile(String name, int magic, int count, long size, String sha256) {

  public static final int IMAGES_MAGIC = 2051;
  public static final int LABELS_MAGIC = 2049;
  public static final int ROWS = 28;
  public static final int COLS = 28;

  public boolean isImages() {
    return magic == IMAGES_MAGIC;
  }

  public static long imagesSize(int count) {
    return 16L + (long) count * ROWS * COLS;
  }

  public static long labelsSize(int count) {
    return 8L + count;
  }
}
