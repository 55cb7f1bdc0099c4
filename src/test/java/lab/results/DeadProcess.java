package lab.results;

import java.io.IOException;

/** The pid of a process that has exited: what a writer killed mid-run leaves in its folders. */
public final class DeadProcess {
  private DeadProcess() {}

  public static long pid() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    p.waitFor();
    // Reaped once waitFor returns; the pid is free (a reuse within the test is vanishingly rare,
    // and would only make the folder look alive, i.e. kept).
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) Thread.sleep(10);
    return pid;
  }
}
