package dev.sstbeam.format.setsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.testsupport.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Setsum parsing, SHA3 and the little-endian helpers give the right answers once C2 has compiled
 * them, from a profile known to break byte-array-view VarHandles on JDK 17.0.15 (see
 * {@link JitProbe}). Runs the probe in a fresh JVM: this test's own JVM has an unknown profile.
 */
class JitRegressionTest {
  @Test
  void c2CompiledSetsumParsingAndSha3ReadWhatWasWritten() {
    ChildJvm.Result r = ChildJvm.run(
        List.of("-XX:-TieredCompilation", "-Xmx256m", "-Dsst.setsum.hashing=scalar"),
        JitProbe.class, List.of(), 2);
    assertEquals(0, r.exitValue, r.output);
  }

  /** The same with BatchedSetsum on the vector path (the auto width, without the speed check). */
  @Test
  void c2CompiledVectorPathReadsWhatWasWritten() {
    ChildJvm.Result r = ChildJvm.run(
        List.of("-XX:-TieredCompilation", "-Xmx256m", "--add-modules=jdk.incubator.vector",
            "-Dsst.setsum.hashing=vector"),
        JitProbe.class, List.of(), 4);
    assertEquals(0, r.exitValue, r.output);
    assertTrue(r.output.contains("setsum hashing: vector "), r.output);
  }
}
