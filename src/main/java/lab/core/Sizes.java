package lab.core;

import java.util.Locale;

/** Byte counts for messages: 512 B, 3.4 MB, 12.0 GB (powers of 1024). */
public final class Sizes {
  private Sizes() {}

  public static String show(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
