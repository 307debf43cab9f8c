package dev.sstbeam.format.setsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sstbeam.format.testsupport.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import jdk.incubator.vector.LongVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The choice of the setsum hashing path ({@link SetsumHashing}) and the vector path's results.
 * One path per JVM, so each case runs {@link HashingPathProbe} in a JVM of its own.
 */
class HashingPathTest {
  private static final String MODULE = "--add-modules=jdk.incubator.vector";

  private static ChildJvm.Result probe(List<String> jvmOptions, String expected, String... more) {
    List<String> args = new ArrayList<>();
    args.add(expected);
    args.addAll(List.of(more));
    List<String> options = new ArrayList<>(List.of("-Xmx256m"));
    options.addAll(jvmOptions);
    ChildJvm.Result r = ChildJvm.run(options, HashingPathProbe.class, args, 10);
    assertEquals(0, r.exitValue, r.output);
    assertTrue(r.output.contains("\nok\n"), r.output);
    return r;
  }

  /** The class-loading lines of -verbose:class that name a class of the module or ours. */
  private static List<String> vectorClassesLoaded(String output) {
    List<String> out = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.contains("class,load") && (line.contains(" jdk.incubator.vector.")
          || line.contains("VectorKeccak"))) {
        out.add(line);
      }
    }
    return out;
  }

  @Test
  void modeParsesTheDocumentedValuesAndNamesABadOne() {
    assertTrue(HashingMode.parse(null).speedChecked);
    assertEquals(0, HashingMode.parse("auto").vectorBits);
    assertTrue(HashingMode.parse(" Scalar ").scalar);
    assertFalse(HashingMode.parse("vector").speedChecked);
    assertEquals(0, HashingMode.parse("vector").vectorBits);
    assertEquals(128, HashingMode.parse("vector128").vectorBits);
    assertEquals(256, HashingMode.parse("vector256").vectorBits);
    assertEquals(512, HashingMode.parse("vector512").vectorBits);
    assertNull(HashingMode.parse("vector512").invalid);
    HashingMode bad = HashingMode.parse("fast");
    assertTrue(bad.scalar);
    assertEquals("-Dsst.setsum.hashing=fast is not auto, eager, eager128, eager256, eager512,"
        + " scalar, vector, vector128, vector256 or vector512", bad.invalid);
    assertTrue(HashingMode.parse("eager").eager);
    assertTrue(HashingMode.parse("eager").speedChecked);
    assertEquals(0, HashingMode.parse("eager").vectorBits);
    assertFalse(HashingMode.parse("auto").eager);
    for (int bits : new int[] {128, 256, 512}) {
      HashingMode eager = HashingMode.parse("eager" + bits);
      assertTrue(eager.eager);
      assertTrue(eager.speedChecked);
      assertEquals(bits, eager.vectorBits);
      assertNull(eager.invalid);
    }
  }

  @Test
  void withoutTheModuleTheScalarPathIsUsedAndNoVectorClassIsLoaded() {
    ChildJvm.Result r = probe(List.of("-verbose:class"),
        Pattern.quote("scalar (jdk.incubator.vector is not in the boot layer; java --add-modules"
            + " jdk.incubator.vector enables the vector path)"),
        "full");
    assertEquals(List.of(), vectorClassesLoaded(r.output));
  }

  @Test
  void forcedScalarIsHonouredAndLoadsNoVectorClass() {
    ChildJvm.Result r = probe(List.of(MODULE, "-verbose:class", "-Dsst.setsum.hashing=scalar"),
        Pattern.quote("scalar (forced by -Dsst.setsum.hashing=scalar)"));
    assertEquals(List.of(), vectorClassesLoaded(r.output));
  }

  @Test
  void aValueNotUnderstoodSelectsScalarAndSaysWhy() {
    probe(List.of(MODULE, "-Dsst.setsum.hashing=fastest"),
        Pattern.quote("scalar (-Dsst.setsum.hashing=fastest is not auto, eager, eager128, eager256,"
            + " eager512, scalar, vector, vector128, vector256 or vector512)"));
  }

  /**
   * Every width the CPU has natively (a wider one runs in the Vector API's Java fallback, far too
   * slowly for this test): bit-exact with the JDK's SHA3-256 for every length 0..4096, random
   * items and the setsum vectors.
   */
  @ParameterizedTest(name = "vector{0}")
  @ValueSource(ints = {128, 256, 512})
  void forcedWidthIsBitExactWithTheJdk(int bits) {
    assumeTrue(bits <= LongVector.SPECIES_PREFERRED.vectorBitSize(),
        "this CPU's vectors are " + LongVector.SPECIES_PREFERRED.vectorBitSize() + "-bit");
    int lanes = bits / 64;
    ChildJvm.Result r = probe(List.of(MODULE, "-Dsst.setsum.hashing=vector" + bits),
        Pattern.quote("vector " + lanes + "x" + bits + "-bit (jdk.incubator.vector, forced by"
            + " -Dsst.setsum.hashing=vector" + bits + ")"),
        "full");
    assertTrue(r.output.contains("setsum hashing: vector " + lanes + "x"), r.output);
  }

  /**
   * By default the vector path is chosen at the auto width after the self-check, or the scalar
   * path with the self-check's reason (on a machine too loaded for the timing, say); nothing else.
   */
  @Test
  void autoChoosesTheVectorPathAfterTheSelfCheckOrSaysWhyNot() {
    int bits = Math.min(HashingMode.AUTO_BITS, LongVector.SPECIES_PREFERRED.vectorBitSize());
    String name = "vector " + bits / 64 + "x" + bits + "-bit";
    probe(List.of(MODULE),
        Pattern.quote(name + " (jdk.incubator.vector)") + "|"
            + Pattern.quote("scalar (" + name + " was not clearly faster in the self-check: ")
            + "[0-9]+ against [0-9]+ MB/s\\)",
        "full");
  }

  /**
   * By default nothing of the vector path is loaded, and no self-check runs, until the JVM has
   * hashed enough through BatchedSetsum for the vector path to pay off.
   */
  @Test
  void autoStartsTheSelfCheckOnlyAfterEnoughHashing() {
    int bits = Math.min(HashingMode.AUTO_BITS, LongVector.SPECIES_PREFERRED.vectorBitSize());
    String name = "vector " + bits / 64 + "x" + bits + "-bit";
    ChildJvm.Result r = probe(List.of(MODULE, "-verbose:class"),
        Pattern.quote(name + " (jdk.incubator.vector)") + "|"
            + Pattern.quote("scalar (" + name + " was not clearly faster in the self-check: ")
            + "[0-9]+ against [0-9]+ MB/s\\)",
        "demand");
    String beforeDemand = r.output.substring(0, r.output.indexOf("demand: not started after"));
    assertEquals(List.of(), vectorClassesLoaded(beforeDemand));
    assertTrue(r.output.contains("demand: started after"), r.output);
  }

  /** eager: the vector path from the first item (as the ./sst launcher asks), bit-exact. */
  @Test
  void eagerUsesTheVectorPathFromTheStart() {
    int bits = Math.min(HashingMode.AUTO_BITS, LongVector.SPECIES_PREFERRED.vectorBitSize());
    probe(List.of(MODULE, "-Dsst.setsum.hashing=eager"),
        Pattern.quote("vector " + bits / 64 + "x" + bits + "-bit (jdk.incubator.vector, eager)"),
        "full");
  }

  /** eager128 and eager256: the eager path at that width instead of the auto width, bit-exact. */
  @ParameterizedTest(name = "eager{0}")
  @ValueSource(ints = {128, 256})
  void eagerAtAGivenWidthUsesThatWidth(int bits) {
    assumeTrue(bits <= LongVector.SPECIES_PREFERRED.vectorBitSize(),
        "this CPU's vectors are " + LongVector.SPECIES_PREFERRED.vectorBitSize() + "-bit");
    probe(List.of(MODULE, "-Dsst.setsum.hashing=eager" + bits),
        Pattern.quote("vector " + bits / 64 + "x" + bits + "-bit (jdk.incubator.vector, eager)"),
        "full");
  }

  /**
   * eager: hashing waits for the warm-up (which starts with the class), so the vector path is in
   * use from the first item.
   */
  @Test
  void eagerHashingWaitsForTheWarmUp() {
    int bits = Math.min(HashingMode.AUTO_BITS, LongVector.SPECIES_PREFERRED.vectorBitSize());
    probe(List.of(MODULE, "-Dsst.setsum.hashing=eager"),
        Pattern.quote("vector " + bits / 64 + "x" + bits + "-bit (jdk.incubator.vector, eager)"),
        "wait");
  }

  /** eager on a JVM without C2 keeps the scalar path (and says why). */
  @Test
  void eagerWithoutC2KeepsTheScalarPath() {
    probe(List.of(MODULE, "-Dsst.setsum.hashing=eager", "-XX:TieredStopAtLevel=1"),
        Pattern.quote("scalar (this JVM does not compile with C2, which the vector path needs)"));
  }

  /** A JVM that stops at C1 never compiles the Vector API to vector instructions. */
  @Test
  void autoKeepsTheScalarPathOnAJvmWithoutC2() {
    probe(List.of(MODULE, "-XX:TieredStopAtLevel=1"),
        Pattern.quote("scalar (this JVM does not compile with C2, which the vector path needs)"));
  }

  /**
   * The permutation with no rounds leaves the states as they were; with 24 it is Keccak-f[1600]
   * on each lane, as the scalar path computes it.
   */
  @Test
  void vectorPermutationOfZeroAnd24Rounds() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    LaneKeccak v = new VectorKeccak();
    int n = v.lanes();
    java.util.Random rnd = new java.util.Random(25);
    long[] state = new long[25 * n];
    for (int i = 0; i < state.length; i++) {
      state[i] = rnd.nextLong();
    }
    long[] before = state.clone();
    v.permute(state, 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, state);
    v.permute(state, 24);
    for (int lane = 0; lane < n; lane++) {
      long[] scalar = new long[25];
      for (int w = 0; w < 25; w++) {
        scalar[w] = before[w * n + lane];
      }
      Sha3.keccakF(scalar);
      for (int w = 0; w < 25; w++) {
        assertEquals(scalar[w], state[w * n + lane], "lane " + lane + ", word " + w);
      }
    }
  }

  /** The warm-up returns once the vector code is compiled (C2 compiles it in this JVM). */
  @Test
  void warmUpSeesTheVectorCodeCompiled() throws InterruptedException {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assumeTrue(SetsumHashing.compilesWithC2());
    VectorWarmUp w = new VectorWarmUp(new VectorKeccak());
    assertTrue(w.awaitCompiled(System.nanoTime() + 60_000_000_000L), "not compiled in 60 s");
    assertTrue(w.steps() > 0);
  }

  /** In this JVM (surefire adds the module): the vector code at the auto width, directly. */
  @Test
  void vectorKeccakOfThisJvmAgreesWithTheScalarPath() throws InterruptedException {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    LaneKeccak v = new VectorKeccak();
    assertNotNull(v.name());
    VectorSelfCheck check = new VectorSelfCheck(v, VectorSelfCheck.FULL);
    assertEquals(check.scalar(3), check.vector(3));
    VectorSelfCheck.Speeds s = check.race(System.nanoTime(), 1, false);
    assertTrue(s.sameDigests);
  }
}
