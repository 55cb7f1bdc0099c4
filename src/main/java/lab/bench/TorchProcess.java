package lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * bench/torch_bench.py running beside the JVM for the whole bench: one JSON request per line in,
 * one JSON answer per line out, so PyTorch's rounds interleave with DL4J's in one warm process.
 * Its stderr goes to a log file, so that Python's messages do not mix with the table.
 */
final class TorchProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

  private TorchProcess(Process process) {
    this.process = process;
    this.in = new BufferedWriter(
        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts the script with {@code threads} threads for PyTorch (OMP_NUM_THREADS too). */
  static TorchProcess start(Path script, int threads, Path stderrLog) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(TorchSetup.PYTHON.toString(), script.toString())
        .redirectError(ProcessBuilder.Redirect.to(stderrLog.toFile()));
    pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
    pb.environment().put("MKL_NUM_THREADS", String.valueOf(threads));
    pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
    return new TorchProcess(pb.start());
  }

  /** Sends one request and returns the answer; a failure is an IOException with its reason. */
  @SuppressWarnings("unchecked")
  Map<String, Object> ask(Map<String, Object> request) throws IOException {
    in.write(JSON.writeValueAsString(request));
    in.newLine();
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IOException("torch_bench.py exited (code " + exitCode() + ")");
    }
    Map<String, Object> answer = JSON.readValue(line, Map.class);
    if (answer.containsKey("error")) throw new IOException(String.valueOf(answer.get("error")));
    return answer;
  }

  /** The seconds PyTorch took for a workload's round. */
  double seconds(Map<String, Object> request) throws IOException {
    Object s = ask(request).get("seconds");
    if (!(s instanceof Number n)) throw new IOException("no seconds in the answer");
    return n.doubleValue();
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  @Override
  public void close() {
    try {
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
