package dev.sstbeam.pipelines.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps the optimizing JIT compiler (HotSpot's C2) on the loops over records when a job runs on
 * the direct runner in this JVM. The runner's own machinery (its watermark bookkeeping, a
 * translation of each ParDo to its portable form and back for every bundle, Java serialization of
 * the DoFns, vendored Guava and protobuf) runs hot enough for C2 to spend some 0.7 CPU-seconds of a
 * 10-second job compiling it; with this, that code stays compiled by C1. The job's own code, the
 * JDK's collections and the Vector API are compiled as before.
 *
 * <p>The patterns are {@code direct-runner-compiler-directives.json} beside this class; they are
 * added as compiler directives through the JVM's diagnostic command MBean ({@code jcmd ...
 * Compiler.directives_add}), on a thread of their own so that the job does not wait for the MBean
 * server. A JVM without that command (not HotSpot) runs as it would without. {@code
 * -Dsst.directRunner.compilerDirectives=false} turns it off.
 */
final class DirectRunnerCompilation {
  static final String RESOURCE = "direct-runner-compiler-directives.json";
  static final String PROPERTY = "sst.directRunner.compilerDirectives";
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private DirectRunnerCompilation() {}

  /** Adds the directives in the background, once per JVM, unless turned off. */
  static void startAdding() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY)) || !STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(DirectRunnerCompilation::addQuietly, "sst-compiler-directives");
    t.setDaemon(true);
    t.start();
  }

  private static void addQuietly() {
    try {
      add();
    } catch (IOException | JMException | RuntimeException | LinkageError e) {
      // A speed setting only: without it the job runs the same, compiled as the JVM chooses.
    }
  }

  /** Adds the directives now; returns the JVM's answer ("1 compiler directives added"). */
  static String add() throws IOException, JMException {
    Path file = Files.createTempFile("sst-compiler-directives", ".json");
    try {
      try (InputStream in = DirectRunnerCompilation.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException(RESOURCE + " is missing from the jar");
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
          new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
      return String.valueOf(answer).trim();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
