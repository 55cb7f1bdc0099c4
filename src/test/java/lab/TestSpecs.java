package lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import lab.spec.ExperimentSpec;
import lab.spec.SpecLoader;

/** Specs for tests: written inline as YAML, or the project's own files in experiments/. */
public final class TestSpecs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TestSpecs() {}

  public static ExperimentSpec fromYaml(String yaml, String... overrides) {
    try {
      return SpecLoader.resolve("test.yaml", YAML.readValue(yaml, Object.class),
          List.of(overrides), "test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A spec of the project's experiments/ folder, with overrides. */
  public static ExperimentSpec project(String name, String... overrides) {
    return SpecLoader.load(projectDir().resolve("experiments").resolve(name + ".yaml"),
        List.of(overrides));
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("user.dir"));
  }
}
