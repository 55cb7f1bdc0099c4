package lab.core;

import java.nio.charset.CharacterCodingException;

/**
 * A mistake the user can fix (a bad spec value, a missing file). The launcher prints its message
 * as one line, without a stack trace, and exits with code 2.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  /**
   * A text file that failed to read: "not UTF-8 text" when its bytes are not (a binary file
   * given by mistake; Java's own message is "Input length = 1"), else the system's reason.
   * {@code fix} follows, e.g. "rerun the experiment", or is empty.
   */
  public static UserError unreadable(Object file, Exception e, String fix) {
    String why = e instanceof CharacterCodingException ? "not UTF-8 text"
        : "cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName()
            : e.getMessage().lines().findFirst().orElse("")) + ")";
    return new UserError(file + ": " + why + (fix.isEmpty() ? "" : "; " + fix));
  }

  /** A value from a file or the command line as a message shows it: cut to {@code max} chars. */
  public static String shown(Object value, int max) {
    String s = String.valueOf(value);
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }
}
