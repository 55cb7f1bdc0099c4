package lab.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * JSON for the browser. Every '<', '>', '&' and line separator is written as a \\u escape, so a
 * text from a run file can never close a script element or open a tag, even inlined in HTML
 * (./lab report). NaN and infinities become null.
 */
final class UiJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private UiJson() {}

  static String write(Object value) {
    try {
      String s = JSON.writeValueAsString(value);
      StringBuilder out = new StringBuilder(s.length() + 16);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '<' -> out.append("\\u003c");
          case '>' -> out.append("\\u003e");
          case '&' -> out.append("\\u0026");
          case '\u2028' -> out.append("\\u2028");
          case '\u2029' -> out.append("\\u2029");
          default -> out.append(c);
        }
      }
      return out.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A number for JSON: null for NaN and infinities. */
  static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readYaml(Path file) throws IOException {
    Object v;
    try {
      v = YAML.readValue(Files.readAllBytes(file), Object.class);
    } catch (JsonProcessingException e) {
      throw new Unreadable(file, "not valid YAML (" + firstLine(e.getOriginalMessage()) + ")");
    }
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readJson(Path file) throws IOException {
    Object v;
    try {
      v = JSON.readValue(Files.readAllBytes(file), Object.class);
    } catch (JsonProcessingException e) {
      throw new Unreadable(file, "not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  /** The lines of a UTF-8 text file; {@link Unreadable} when it is not UTF-8. */
  static java.util.List<String> lines(Path file) throws IOException {
    return text(file).lines().toList();
  }

  /** A UTF-8 text file; {@link Unreadable} when it is not UTF-8. */
  static String text(Path file) throws IOException {
    try {
      return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new Unreadable(file, "not UTF-8 text");
    }
  }

  private static String firstLine(String m) {
    return m == null ? "" : m.lines().findFirst().orElse("");
  }
}
