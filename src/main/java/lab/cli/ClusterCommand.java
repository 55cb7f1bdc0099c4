package lab.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.core.Project;
import lab.core.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = Version.class,
    footerHeading = "%nExamples:%n", footer = {
        "  ./lab cluster start --workers 2        a master and 2 workers; prints the URL",
        "  ./lab cluster stop                     end them"},
    description = "Start or stop an Apache Spark standalone cluster on this machine (Spark's own"
    + " Master and Worker processes on 127.0.0.1; their pids and logs: see --dir) to run sweeps"
    + " on with ./lab sweep NAME --spark URL. start returns once every worker is registered."
    + " ./lab builds Spark on first use (docs/spark.md).")
final class ClusterCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "start|stop", description = "start or stop")
  String action;

  @Option(names = "--workers", paramLabel = "N", description = "workers to start (default: 2)")
  int workers = 2;

  @Option(names = "--port", paramLabel = "P", description = "the master's port (default: 7077)")
  int port = 7077;

  @Option(names = "--cores", paramLabel = "C", description = "cores of each worker (default: 1)")
  int cores = 1;

  @Option(names = "--memory", paramLabel = "SIZE",
      description = "memory of each worker for its executors (default: 2g)")
  String memory = "2g";

  @Option(names = "--dir", paramLabel = "DIR",
      description = "where the pid files and logs go (default: .cache/cluster/ of the project)")
  Path dir;

  @Override
  public Integer call() {
    Path where = dir != null ? dir.toAbsolutePath()
        : Project.home().resolve(".cache").resolve("cluster");
    switch (action) {
      case "start" -> call("start", new Class<?>[] {Path.class, int.class, int.class, int.class,
          String.class, PrintStream.class}, where, workers, port, cores, memory, System.out);
      case "stop" -> call("stop", new Class<?>[] {Path.class, PrintStream.class}, where,
          System.out);
      default -> throw new UserError("cluster " + action + ": unknown action; allowed: start,"
          + " stop");
    }
    return 0;
  }

  /** lab.spark.LocalCluster is in the spark build only (./lab builds it for this command). */
  private static Object call(String method, Class<?>[] types, Object... args) {
    Class<?> c;
    try {
      c = Class.forName("lab.spark.LocalCluster");
    } catch (ClassNotFoundException e) {
      throw new UserError("cluster: this build has no Spark; ./lab builds it on first use"
          + " (mvn -Pspark builds it into target/spark/)");
    }
    try {
      return c.getMethod(method, types).invoke(null, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
