package lab.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lab.core.UserError;

/** Reads and writes the JSON files of a results folder (YAML: {@link Yaml}). */
public final class Json {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /**
   * Writes JSON through {@link AtomicFiles}: a crash leaves the old file or the new one. The keys
   * of a map made by {@code Map.of}, whose order changes from one JVM to the next, are written
   * sorted, so that the same values give the same bytes; other maps keep their own order.
   */
  public static void write(Path file, Object value) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(stable(value)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} with every {@code Map.of} map in it, at any depth, as a sorted map. */
  static Object stable(Object value) {
    if (value instanceof Map<?, ?> m) {
      boolean unordered = m.getClass().getName().startsWith("java.util.ImmutableCollections");
      Map<Object, Object> out = unordered ? new TreeMap<>() : new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey(), stable(e.getValue()));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(stable(o));
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": missing; run the experiment first (./lab run NAME)");
    }
    try {
      return JSON.readValue(file.toFile(), Map.class);
    } catch (IOException e) {
      throw new UserError(file + ": not valid JSON (" + getOriginalMessageSafe(e) + ")");
    }
  }

  private static String getOriginalMessageSafe(IOException e) {
    String m = e.getMessage();
    return m == null ? "" : m.lines().findFirst().orElse("");
  }
}
