package lab.core;

/**
 * A mistake the user can fix (a bad spec value, a missing file). The launcher prints its message
 * as one line, without a stack trace, and exits with code 2.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
