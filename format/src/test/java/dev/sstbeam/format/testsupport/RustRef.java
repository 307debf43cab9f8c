package dev.sstbeam.format.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Rust crate's own tools in {@code <shared>/rust-ref/bin}, for differential tests only: a test
 * that uses them calls {@link #gen()}, which skips the test (with a message) when they are absent,
 * so the project never needs them to build or pass.
 */
public final class RustRef {
  private RustRef() {}

  /** The reference generator {@code gen}; skips the calling test when it is not there. */
  public static Path gen() {
    Path gen = Vectors.sharedDir().resolve("rust-ref").resolve("bin").resolve("gen");
    assumeTrue(Files.isExecutable(gen),
        "the Rust reference tool " + gen + " is absent: differential test skipped");
    return gen;
  }

  /** What a run printed and how it ended. */
  public static final class Run {
    public final int status;
    public final String out;
    public final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }

  /** Runs {@code tool} with {@code args} (UTF-8), waiting at most a minute. */
  public static Run run(Path tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
      errReader.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      errReader.join();
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
