package lab.cli;

/** Test access to {@link KeysTable}'s package-private width. */
public final class KeysTableAccess {
  private KeysTableAccess() {}

  public static int defaultWidth() {
    return KeysTable.DEFAULT_WIDTH;
  }
}
