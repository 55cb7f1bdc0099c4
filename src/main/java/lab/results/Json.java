package lab.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lab.core.UserError;

/** Reads and writes the JSON and YAML files of a results folder. */
public final class Json {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private Json() {}

  /** Writes JSON through {@link AtomicFiles}: a crash leaves the old file or the new one. */
  public static void write(Path file, Object value) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes YAML through {@link AtomicFiles}: a crash leaves the old file or the new one. */
  public static void writeYaml(Path file, Object value) {
    try {
      AtomicFiles.write(file, YAML.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text {@link #writeYaml} writes for {@code value}. */
  public static String yamlText(Object value) {
    try {
      return YAML.writeValueAsString(value);
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
