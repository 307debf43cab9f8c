package dev.sstbeam.format.setsum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Setsum parsing, SHA3 and the little-endian helpers give the right answers once C2 has compiled
 * them, from a profile known to break byte-array-view VarHandles on JDK 17.0.15 (see
 * {@link JitProbe}). Runs the probe in a fresh JVM: this test's own JVM has an unknown profile.
 */
class JitRegressionTest {
  @Test
  void c2CompiledSetsumParsingAndSha3ReadWhatWasWritten() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(List.of(java, "-XX:-TieredCompilation", "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), JitProbe.class.getName()))
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
  }
}
