package lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What Main.handle makes of a failure: a file or folder the operating system refused (however
 * deeply wrapped) is one line naming it, exit 2, where it was an "internal error" with a stack
 * trace (an audit: a result folder made immutable, --results /sys/kernel); a bug stays exit 1
 * with its stack trace.
 */
class MainErrorsTest {

  private static String[] handled(Exception e, int[] code) {
    StringWriter out = new StringWriter();
    code[0] = Main.handle(e, new PrintWriter(out, true));
    return out.toString().strip().split("\\R");
  }

  @Test
  void aRefusedFileIsOneLine() {
    int[] code = new int[1];
    FileSystemException refused = new FileSystemException("/r/x/.loss.png.1.tmp", null,
        "Operation not permitted");
    String[] lines = handled(new ExecutionException(new UncheckedIOException(refused)), code);
    assertEquals(2, code[0]);
    assertEquals(1, lines.length, String.join("\n", lines));
    assertTrue(lines[0].startsWith("error: /r/x/.loss.png.1.tmp: Operation not permitted;"),
        lines[0]);
    String[] denied = handled(new UncheckedIOException(new AccessDeniedException("/r/.incoming",
        "/r/x", null)), code);
    assertEquals(2, code[0]);
    assertTrue(denied[0].startsWith("error: /r/.incoming -> /r/x: AccessDeniedException;"),
        denied[0]);
    String[] full = handled(new UncheckedIOException(new java.io.IOException(
        "No space left on device")), code);
    assertEquals(2, code[0]);
    assertTrue(full[0].startsWith("error: no space left on the device"), full[0]);
  }

  @Test
  void aBugKeepsItsStackTrace() {
    int[] code = new int[1];
    String[] lines = handled(new IllegalStateException("a bug"), code);
    assertEquals(1, code[0]);
    assertTrue(lines[0].startsWith("internal error: java.lang.IllegalStateException: a bug"));
    assertTrue(lines.length > 2, "the stack trace follows");
  }
}
