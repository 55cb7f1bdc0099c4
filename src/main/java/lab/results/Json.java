package lab.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.core.UserError;

/** Reads and writes the JSON files of a results folder (YAML: {@link Yaml}). */
public final class Json {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** Writes JSON through {@link AtomicFiles}: a crash leaves the old file or the new one. */
  public static void write(Path file, Object value) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
