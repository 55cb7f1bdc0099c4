package lab.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.core.UserError;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into plain maps, lists and scalars, with the line and column of every key
 * and value and the text of every scalar as written, so that errors can point at them and show
 * the value as given. Rejected in one line: a key given twice in one mapping (Jackson would keep
 * the last silently), aliases, more than one document, and syntax errors (with line and column).
 */
public final class YamlDoc {
  /** A 1-based line and column. */
  public record Place(int line, int column) {}

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final String source;
  private final String text;
  private final Map<List<String>, Place> keys = new HashMap<>();
  private final Map<List<String>, Place> values = new HashMap<>();
  private final Map<List<String>, String> raw = new HashMap<>();
  private Object tree;

  private YamlDoc(String source, String text) {
    this.source = source;
    this.text = text;
  }

  /**
   * The largest spec or sweep file read, in bytes: the YAML parser's own limit (3 Mi code points),
   * checked before reading, so that a huge file is refused at once instead of after seconds of
   * parsing (a 50 MB one hung the parser). The largest a sweep writes, its 10,000 drawn samples,
   * stays well below.
   */
  public static final long MAX_BYTES = 3L << 20;

  /** Reads a file; {@code source} is how errors name it. */
  public static YamlDoc read(Path file, String kind) {
    if (!Files.isRegularFile(file)) throw new UserError(file + ": no such " + kind + " file");
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new UserError(file + ": " + size + " bytes; allowed: a " + kind + " file of at most "
            + MAX_BYTES + " bytes (3 MiB)");
      }
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw UserError.unreadable(file, e, "allowed: a YAML " + kind + " file in UTF-8");
    }
  }

  public static YamlDoc parse(String source, String text) {
    YamlDoc doc = new YamlDoc(source, text);
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != null) {
        doc.tree = doc.node(p, List.of());
        if (p.nextToken() != null) {
          throw new UserError(doc.at(place(p)) + ": more than one YAML document (---); allowed:"
              + " one");
        }
      }
    } catch (JsonProcessingException e) {
      throw new UserError(syntaxError(source, e));
    } catch (IOException e) {
      throw new UserError(source + ": cannot be read: " + e.getMessage());
    }
    return doc;
  }

  /** The document: a map, a list, a scalar, or null for an empty file. */
  public Object tree() {
    return tree;
  }

  public String source() {
    return source;
  }

  /** "file:line:column" of the value at {@code path} (map keys from the root), else the file. */
  public String where(List<String> path) {
    Place p = values.get(path);
    return p == null ? source : at(p);
  }

  /** The line of the key at {@code path}, or 0 when unknown. */
  public int keyLine(List<String> path) {
    Place p = keys.get(path);
    return p == null ? 0 : p.line();
  }

  /** The scalar (or one-line flow list) at {@code path} as written in the file, or null. */
  public String raw(List<String> path) {
    return raw.get(path);
  }

  private String at(Place p) {
    return source + ":" + p.line() + ":" + p.column();
  }

  private static Place place(JsonParser p) {
    var l = p.currentTokenLocation();
    return new Place(l.getLineNr(), l.getColumnNr());
  }

  private Object node(JsonParser p, List<String> path) throws IOException {
    Place where = place(p);
    values.put(path, where);
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw new UserError(at(where) + ": *" + p.getText() + ": aliases are not supported in"
          + " spec and sweep files; write the value out");
    }
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser y && t.isScalarValue() && y.getTypeId() != null) {
      // An explicit tag (!!float 3, !!str 5) changes the value's type: say so with the value.
      String tag = y.getTypeId().replaceFirst("^tag:yaml.org,2002:", "!!");
      Object v = scalar(p, t);
      raw.put(path, tag + " " + p.getText());
      return v;
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          List<String> child = append(path, name);
          Place keyPlace = place(p);
          if (map.containsKey(name)) {
            p.nextToken();
            boolean block = map.get(name) instanceof Map<?, ?>
                || p.currentToken() == JsonToken.START_OBJECT;
            throw new UserError(source + ": " + (block ? "the block " : "") + String.join(".", child)
                + " is given twice: line " + keys.get(child).line() + " and line "
                + keyPlace.line() + "; give " + (block ? "each block once, with all its keys"
                : "each key once"));
          }
          keys.put(child, keyPlace);
          p.nextToken();
          map.put(name, node(p, child));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        int start = (int) p.currentTokenLocation().getCharOffset();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(node(p, append(path, "[" + list.size() + "]")));
        }
        int end = (int) p.currentTokenLocation().getCharOffset();
        if (start >= 0 && end >= start && end < text.length() && text.charAt(end) == ']') {
          String flow = text.substring(start, end + 1);
          if (!flow.contains("\n")) raw.put(path, flow);
        }
        return list;
      }
      case VALUE_STRING -> {
        raw.put(path, p.getText());
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        raw.put(path, p.getText());
        return p.getNumberValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        raw.put(path, p.getText());
        return p.getDoubleValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        raw.put(path, p.getText());
        return t == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> {
        raw.put(path, p.getText());
        return p.getText();
      }
    }
  }

  private static Object scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE, VALUE_FALSE -> t == JsonToken.VALUE_TRUE;
      case VALUE_NULL -> null;
      default -> p.getText();
    };
  }

  private static List<String> append(List<String> path, String name) {
    List<String> out = new ArrayList<>(path);
    out.add(name);
    return List.copyOf(out);
  }

  /** "file:line:column: not valid YAML: the problem (context)", one line. */
  static String syntaxError(String source, JsonProcessingException e) {
    Throwable c = e;
    while (c != null && !(c instanceof MarkedYAMLException)) c = c.getCause();
    if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      Mark mark = m.getProblemMark();
      String context = m.getContext() == null ? "" : " (" + m.getContext()
          + (m.getContextMark() != null ? " from line " + (m.getContextMark().getLine() + 1) : "")
          + ")";
      return source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
          + ": not valid YAML: " + oneLine(m.getProblem()) + context;
    }
    var l = e.getLocation();
    String where = l == null ? source : source + ":" + l.getLineNr() + ":" + l.getColumnNr();
    String problem = oneLine(e.getOriginalMessage());
    java.util.regex.Matcher special = java.util.regex.Pattern
        .compile("Malformed numeric value '([-+]?\\.(?:inf|Inf|INF|nan|NaN|NAN))'")
        .matcher(problem);
    if (special.find()) {
      // YAML's infinity and not-a-number, which Jackson does not read as numbers.
      return where + ": " + special.group(1) + " is not allowed; allowed: a finite number (see"
          + " ./lab keys for each key's range)";
    }
    if (problem.startsWith("Expected a field name")) {
      // "? [a]": a list or mapping used as a key (Jackson's words name parser events).
      problem = "a key is a list or mapping; allowed: plain names as keys, e.g. epochs: 100";
    }
    return where + ": not valid YAML: " + problem;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
  }
}
