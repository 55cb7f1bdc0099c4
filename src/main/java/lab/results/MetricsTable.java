package lab.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lab.core.UserError;

/** The rows of metrics.csv: an epoch column, then one column per metric. */
public final class MetricsTable {

  private final List<String> columns;
  private final List<double[]> rows = new ArrayList<>();

  public MetricsTable(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  public List<String> columns() {
    return columns;
  }

  public List<double[]> rows() {
    return java.util.Collections.unmodifiableList(rows);
  }

  public void add(double[] row) {
    if (row.length != columns.size()) throw new IllegalArgumentException("row width");
    rows.add(row.clone());
  }

  public boolean has(String column) {
    return columns.contains(column);
  }

  /** One column's values, in row order. */
  public double[] column(String name) {
    int c = columns.indexOf(name);
    if (c < 0) throw new IllegalArgumentException("no column " + name + " in " + columns);
    return rows.stream().mapToDouble(r -> r[c]).toArray();
  }

  public double last(String name) {
    double[] v = column(name);
    return v[v.length - 1];
  }

  public void write(Path file) {
    StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
    for (double[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        if (c > 0) sb.append(',');
        sb.append(c == 0 ? String.valueOf((long) r[c]) : format(r[c]));
      }
      sb.append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /**
   * A stored metrics.csv: the header is epoch, then one name per metric; every cell a finite
   * number or empty (a value the run did not have), the epoch a whole number. Anything else is
   * one line naming the file and line.
   */
  public static MetricsTable read(Path file) {
    return read(file, null);
  }

  /**
   * Another stored CSV of numbers with the header {@code header} (e.g. a regression's data.csv):
   * every cell a finite number, as {@link #read(Path)} checks them.
   */
  public static MetricsTable readNumbers(Path file, List<String> header) {
    return read(file, header);
  }

  private static MetricsTable read(Path file, List<String> expectedHeader) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw UserError.unreadable(file, e, "");
    }
    if (lines.isEmpty()) throw new UserError(file + ": empty; rerun the experiment");
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    boolean metrics = expectedHeader == null;
    if (metrics ? header.size() < 2 || !header.get(0).equals("epoch") || header.contains("")
        : !header.equals(expectedHeader)) {
      String shown = UserError.shown(lines.get(0), 60);
      throw new UserError(file + ":1: '" + shown + "' is not " + (metrics
          ? "a metrics header (epoch, then one name per metric)"
          : "the header " + String.join(",", expectedHeader)) + "; rerun the experiment");
    }
    MetricsTable t = new MetricsTable(header);
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != t.columns.size()) {
        throw new UserError(file + ":" + (i + 1) + ": expected " + t.columns.size()
            + " columns, found " + cells.length + "; rerun the experiment");
      }
      double[] row = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        String shown = UserError.shown(cells[c], 40);
        try {
          // An empty cell is a value the run did not have; the writer writes nothing else.
          row[c] = cells[c].isEmpty() && c > 0 && metrics ? Double.NaN
              : Double.parseDouble(cells[c]);
        } catch (NumberFormatException e) {
          throw new UserError(file + ":" + (i + 1) + ": '" + shown + "' is not a number");
        }
        if (!cells[c].isEmpty() && !Double.isFinite(row[c])) {
          throw new UserError(file + ":" + (i + 1) + ": '" + shown + "' is not a finite number;"
              + " rerun the experiment");
        }
        if (metrics && c == 0 && (row[0] < 0 || row[0] != Math.rint(row[0]))) {
          throw new UserError(file + ":" + (i + 1) + ": epoch '" + shown + "' is not a whole"
              + " number from 0");
        }
      }
      t.rows.add(row);
    }
    return t;
  }
}
