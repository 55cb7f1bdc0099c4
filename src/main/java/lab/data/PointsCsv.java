package lab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.core.UserError;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaDataLine;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;

/**
 * Labeled points as CSV files of {@code x0,x1,label} rows, read with DataVec's
 * {@link CSVRecordReader}. A first line of three non-numbers is a header. Every row is checked;
 * the first bad one is rejected as a {@link UserError} naming the file, the line and the reason.
 */
public final class PointsCsv {

  public static final String HEADER = "x0,x1,label";
  static final String EXPECTED = "expected rows of x0,x1,label: two numbers and a 0/1 label";

  private PointsCsv() {}

  /** Writes the points with a header; numbers in full precision so reading gives them back. */
  public static void write(Path file, LabeledPoints points) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < points.size(); i++) {
      sb.append(points.x()[i][0]).append(',').append(points.x()[i][1]).append(',')
          .append(points.y()[i]).append('\n');
    }
    try {
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's rows as DataVec records {@code [x0, x1, label]}, in file order, all checked. */
  public static List<List<Writable>> readRecords(Path file) {
    if (!Files.exists(file)) throw new UserError(file + ": no such file; " + EXPECTED);
    if (!Files.isRegularFile(file)) throw new UserError(file + ": not a file; " + EXPECTED);
    int headerLines = hasHeader(file) ? 1 : 0;
    List<List<Writable>> records = new ArrayList<>();
    CSVRecordReader reader = new CSVRecordReader(headerLines, ',');
    try {
      reader.initialize(new FileSplit(file.toFile()));
      while (reader.hasNext()) {
        Record record = reader.nextRecord();
        long line = ((RecordMetaDataLine) record.getMetaData()).getLineNumber() + 1;
        List<Writable> row = record.getRecord();
        if (isBlank(row)) continue;
        records.add(check(file, line, row));
      }
      reader.close();
    } catch (IOException | InterruptedException e) {
      throw UserError.unreadable(file, e, EXPECTED);
    }
    if (records.isEmpty()) {
      throw new UserError(file + ": empty file" + (headerLines > 0 ? " (a header, no rows)" : "")
          + "; " + EXPECTED);
    }
    return records;
  }

  /** The file's points, read and checked as by {@link #readRecords}. */
  public static LabeledPoints read(Path file) {
    List<List<Writable>> records = readRecords(file);
    double[][] x = new double[records.size()][];
    int[] y = new int[records.size()];
    for (int i = 0; i < records.size(); i++) {
      List<Writable> r = records.get(i);
      x[i] = new double[] {r.get(0).toDouble(), r.get(1).toDouble()};
      y[i] = r.get(2).toInt();
    }
    return new LabeledPoints(x, y);
  }

  private static List<Writable> check(Path file, long line, List<Writable> row) {
    String at = file + ":" + line + ": ";
    if (row.size() != 3) {
      throw new UserError(at + "expected 3 columns (x0,x1,label), found " + row.size());
    }
    double x0 = number(at, "x0", row.get(0));
    double x1 = number(at, "x1", row.get(1));
    double label = number(at, "label", row.get(2));
    if (label != 0 && label != 1) {
      throw new UserError(at + "label '" + row.get(2).toString().trim()
          + "' is not allowed; allowed: 0 or 1");
    }
    return List.of(new DoubleWritable(x0), new DoubleWritable(x1), new IntWritable((int) label));
  }

  private static double number(String at, String column, Writable cell) {
    String text = cell.toString().trim();
    try {
      double v = Double.parseDouble(text);
      // Read into float networks: 1e308 would become Infinity there, the outputs NaN.
      if (Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE) return v;
    } catch (NumberFormatException e) {
      // Reported below, with the cell's text.
    }
    throw new UserError(at + column + " '" + text + "' is not allowed; allowed: a finite number"
        + " of magnitude at most " + Float.MAX_VALUE + " (float)");
  }

  private static boolean isBlank(List<Writable> row) {
    return row.size() == 1 && row.get(0).toString().isBlank();
  }

  /** A first line whose every cell is a non-number names the columns instead of holding data. */
  private static boolean hasHeader(Path file) {
    String first;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = in.readLine();
    } catch (IOException e) {
      throw UserError.unreadable(file, e, EXPECTED);
    }
    if (first == null || first.isBlank()) return false;
    for (String cell : first.split(",", -1)) {
      try {
        Double.parseDouble(cell.trim());
        return false;
      } catch (NumberFormatException e) {
        // Not a number: may still be a header.
      }
    }
    return true;
  }
}
