package dev.sstbeam.format.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a fresh JVM (this JVM's java and class path), for tests that need
 * a JVM of their own: a known JIT profile, another setsum hashing path, a module left out. The
 * {@code sst.*} system properties of this JVM (where the vectors are) are passed on.
 */
public final class ChildJvm {
  /** What the child did: its exit status and its stdout and stderr, merged. */
  public static final class Result {
    public final int exitValue;
    public final String output;

    Result(int exitValue, String output) {
      this.exitValue = exitValue;
      this.output = output;
    }
  }

  private ChildJvm() {}

  /**
   * Runs {@code java jvmOptions... -cp <ours> mainClass args...}; fails the calling test's JVM
   * with an exception when the child does not finish within {@code timeoutMinutes}.
   */
  public static Result run(List<String> jvmOptions, Class<?> mainClass, List<String> args,
      long timeoutMinutes) {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = e.getKey().toString();
      if (key.startsWith("sst.") && !key.equals("sst.setsum.hashing")
          && jvmOptions.stream().noneMatch(o -> o.startsWith("-D" + key + "="))) {
        command.add("-D" + key + "=" + e.getValue());
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      // Read while waiting: a child blocked on a full pipe would never finish.
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
        try {
          return p.getInputStream().readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the child JVM did not finish in " + timeoutMinutes
            + " min: " + command);
      }
      return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
