package lab.cli;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import lab.ui.UiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ui", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab ui                      http://127.0.0.1:8080/ (Ctrl-C stops it)",
        "  ./lab ui --port 0             any free port (the line printed names it)",
        "  ./lab ui --results /tmp/lab   another results folder"},
    description = "Serve a read-only dashboard of the results folder on 127.0.0.1 (Ctrl-C stops).")
final class UiCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "the port (default: ${DEFAULT-VALUE}; 0: any free port)")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "the address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
  String host;

  @Option(names = "--results", paramLabel = "DIR", description = "the results folder")
  Path results;

  @Override
  public Integer call() throws InterruptedException {
    Path root = Project.resultsRoot(results).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new UserError(root + ": no results folder there; give one with --results DIR");
    }
    if (port < 0 || port > 65535) {
      throw new UserError("--port: " + port + " is not allowed; allowed: 0 to 65535");
    }
    checkHost(host);
    if (!UiServer.isLoopback(host)) {
      System.err.println("warning: serving on " + host + ": anyone who can reach this address"
          + " can read " + root);
    }
    UiServer server;
    try {
      server = UiServer.start(root, host, port);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new UserError("--port " + port + " on " + host + ": cannot listen there ("
              + t.getMessage() + "); choose another port with --port");
        }
      }
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    String shown = host.contains(":") ? "[" + host + "]" : host;
    System.out.println("mlp-lab ui: http://" + shown + ":" + server.port() + "/  (results: "
        + root + "; Ctrl-C stops it)");
    System.out.flush();
    Thread.currentThread().join();
    return 0;
  }

  /**
   * Refuses, in one line, a --host that is not an address of this machine (Javalin reports every
   * failure to listen as "Port already in use", with a stack trace): a name that does not
   * resolve, a malformed address (256.1.1.1), or another machine's address.
   */
  static void checkHost(String host) {
    String allowed = "allowed: 127.0.0.1 (the default, this machine only), 0.0.0.0 (every"
        + " interface) or an address of this machine";
    if (host.isBlank()) throw new UserError("--host '" + host + "': empty; " + allowed);
    java.net.InetAddress address;
    try {
      address = java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new UserError("--host " + host + ": not an address and no name that resolves; "
          + allowed);
    }
    boolean local;
    try {
      local = address.isAnyLocalAddress() || address.isLoopbackAddress()
          || java.net.NetworkInterface.getByInetAddress(address) != null;
    } catch (java.net.SocketException e) {
      local = true; // cannot tell: let the bind itself decide
    }
    if (!local) {
      throw new UserError("--host " + host + ": " + address.getHostAddress() + " is not an"
          + " address of this machine; " + allowed);
    }
  }
}
