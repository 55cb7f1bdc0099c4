package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonOrderTest {

  @Test
  void mapOfIsWrittenSortedAndOrderedMapsKeepTheirOrder(@TempDir Path dir) throws Exception {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("zeta", 1);
    ordered.put("alpha", List.of(Map.of("true", 5, "predicted", 6, "test_index", 8)));
    ordered.put("mid", Map.of("w", 1.5, "b", 0.5, "n", 3));
    Path file = dir.resolve("s.json");
    Json.write(file, ordered);
    String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\s+", "");
    assertEquals("{\"zeta\":1,\"alpha\":[{\"predicted\":6,\"test_index\":8,\"true\":5}],"
        + "\"mid\":{\"b\":0.5,\"n\":3,\"w\":1.5}}", text);
  }
}
