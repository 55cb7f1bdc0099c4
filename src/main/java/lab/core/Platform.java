package lab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machines mlp-lab has an ND4J binary for, named as ND4J's classifiers and JavaCPP's
 * platforms are ({@code linux-x86_64}, {@code macosx-arm64}, ...), and which one this is. The
 * Maven build picks the binary with the same names (pom.xml, its OS profiles); the running
 * program checks that it is on a supported machine and that the build's binary is for it.
 */
public final class Platform {
  /** Every platform the build can pick a binary for (ND4J 1.0.0-M2.1 publishes these). */
  public static final List<String> SUPPORTED = List.of("linux-x86_64", "linux-arm64",
      "macosx-x86_64", "macosx-arm64", "windows-x86_64");

  /** ND4J's native CPU backend, whose arrays live in host memory that Java can read and write. */
  public static final String ND4J_CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

  private Platform() {}

  /**
   * The platform name for Java's {@code os.name} and {@code os.arch}, mapped as JavaCPP does:
   * "Mac OS X" + "aarch64" is {@code macosx-arm64}, "Windows 11" + "amd64" is
   * {@code windows-x86_64}. An unknown system or architecture keeps its own lower-case name, so
   * that a message can name it ({@code linux-ppc64le}).
   */
  public static String of(String osName, String osArch) {
    String name = osName == null ? "unknown" : osName.toLowerCase(Locale.ROOT).trim();
    String arch = osArch == null ? "unknown" : osArch.toLowerCase(Locale.ROOT).trim();
    String os;
    if (name.startsWith("linux")) {
      os = "linux";
    } else if (name.startsWith("mac") || name.startsWith("darwin")) {
      os = "macosx";
    } else if (name.startsWith("windows")) {
      os = "windows";
    } else {
      os = name.replaceAll("[^a-z0-9]", "");
    }
    String cpu = switch (arch) {
      case "amd64", "x86-64", "x86_64", "x64" -> "x86_64";
      case "aarch64", "arm64", "armv8" -> "arm64";
      case "i386", "i486", "i586", "i686", "x86" -> "x86";
      default -> arch.replaceAll("[^a-z0-9_]", "");
    };
    return os + "-" + cpu;
  }

  /** This machine's platform, from the JVM's os.name and os.arch. */
  public static String current() {
    return of(System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  /**
   * The first file this process mapped whose path contains {@code part} (a native library it
   * loaded), or null where none is or /proc/self/maps cannot say (not Linux).
   */
  public static String mappedFile(String part) {
    try {
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(l -> l.indexOf('/') < 0 ? "" : l.substring(l.indexOf('/')))
          .filter(f -> f.contains(part)).findFirst().orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static boolean isSupported(String platform) {
    return SUPPORTED.contains(platform);
  }

  /**
   * Fails with one line when ND4J has no binary for this machine, or when the build's binary
   * ({@code builtFor}, the nd4j.classifier it was built with) is for another platform; ND4J
   * would otherwise fail to load its native library with a long stack trace. A {@code builtFor}
   * of null or an unfiltered "${...}" (run from an IDE without Maven's resources) is not checked.
   */
  public static void check(String osName, String osArch, String builtFor) {
    String here = of(osName, osArch);
    if (!isSupported(here)) {
      throw new UserError("this machine is " + here + " (os.name '" + osName + "', os.arch '"
          + osArch + "'): ND4J 1.0.0-M2.1 has no native binary for it; supported: "
          + String.join(", ", SUPPORTED));
    }
    if (builtFor != null && !builtFor.contains("${") && !builtFor.equals(here)) {
      throw new UserError("this build's ND4J binary is for " + builtFor + " but this machine is "
          + here + "; rebuild here: delete target/ and run ./lab (lab.cmd on Windows) again, or"
          + " mvn -q -DskipTests compile");
    }
  }
}
