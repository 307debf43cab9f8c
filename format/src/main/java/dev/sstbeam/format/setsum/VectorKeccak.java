package dev.sstbeam.format.setsum;

import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.ROL;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneKeccak} with the JDK's Vector API: lane {@code i} of vector {@code aXY} is A[x,y] of
 * message {@code i}, and Keccak-f[1600] is {@link Sha3#keccakF}'s round written with vectors.
 * Loaded only by {@link SetsumHashing}, by name, when {@code jdk.incubator.vector} is in the boot
 * layer.
 *
 * <p>The width is chosen once, when this class is initialised ({@link HashingMode}), and never
 * changes: on JDK 17, a second vector width used in the same JVM is no longer compiled to vector
 * instructions. The permutation is one method with the 25 lanes in locals and no helper methods
 * of ours: C2 inlines the Vector API's own methods whatever their number (they are force-inlined),
 * but stops inlining small helpers once a method has grown large, and a vector that crosses a call
 * that is not inlined is boxed, which is 30–100 times slower.
 */
final class VectorKeccak implements LaneKeccak {
  private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class,
      VectorShape.forBitSize(bits(HashingMode.current().vectorBits)));
  private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, LONGS.vectorShape());
  private static final int LANES = LONGS.length();
  private static final long[] RC = Sha3.RC;

  /** The width asked for, or the auto width capped by the CPU's preferred width. */
  private static int bits(int requested) {
    if (requested != 0) {
      return requested;
    }
    return Math.min(HashingMode.AUTO_BITS, LongVector.SPECIES_PREFERRED.vectorBitSize());
  }

  @Override
  public int lanes() {
    return LANES;
  }

  @Override
  public int packBytes() {
    return BYTES.length();
  }

  @Override
  public String name() {
    return "vector " + LANES + "x" + LONGS.vectorBitSize() + "-bit";
  }

  /**
   * Reads whole vectors of bytes and reinterprets them as longs (the Vector API's lane order is
   * little-endian memory order; the self-check would catch a platform where it is not), then
   * spreads the words over the lane. No multi-byte scalar read from a byte array (see Bytes).
   */
  @Override
  public void pack(byte[] staging, int words, long[] group, int lane, long[] scratch) {
    int step = BYTES.length();
    for (int b = 0, w = 0; w < words; b += step, w += LANES) {
      ByteVector.fromArray(BYTES, staging, b).reinterpretAsLongs().intoArray(scratch, w);
    }
    for (int w = 0, q = lane; w < words; w++, q += LANES) {
      group[q] = scratch[w];
    }
  }

  @Override
  public void hash(long[] group, int blocks, long[] state) {
    Arrays.fill(state, 0, 25 * LANES, 0L);
    for (int block = 0, p = 0; block < blocks; block++) {
      // Absorb: the 17 words of the block go into lanes A[x,y], x + 5y < 17.
      for (int i = 0; i < Sha3.RATE / 8 * LANES; i += LANES, p += LANES) {
        LongVector.fromArray(LONGS, state, i)
            .lanewise(XOR, LongVector.fromArray(LONGS, group, p))
            .intoArray(state, i);
      }
      keccakF(state, true);
    }
  }

  @Override
  public void permute(long[] state, int rounds) {
    if (rounds != 0 && rounds != 24) {
      throw new IllegalArgumentException("rounds must be 0 or 24, not " + rounds);
    }
    keccakF(state, rounds == 24);
  }

  /**
   * Keccak-f[1600] on the lanes when {@code permute}, else nothing (for {@link VectorWarmUp}):
   * {@code state[(x + 5y) * LANES + i]} is A[x,y] of message i. The rounds run over a constant
   * range, which spares C2 the range checks of {@code RC[round]} and keeps its compilation to some
   * 50 MB (a loop from a variable round took 67 MB, all resident until the JVM exits). Too big to
   * be inlined into {@link #hash}, so C2 compiles it once, on its own (a loop over blocks around it
   * would be compiled twice: on-stack replacement first, then the whole method).
   */
  private static void keccakF(long[] state, boolean permute) {
    if (!permute) {
      return;
    }
    LongVector a00 = LongVector.fromArray(LONGS, state, 0 * LANES);
    LongVector a10 = LongVector.fromArray(LONGS, state, 1 * LANES);
    LongVector a20 = LongVector.fromArray(LONGS, state, 2 * LANES);
    LongVector a30 = LongVector.fromArray(LONGS, state, 3 * LANES);
    LongVector a40 = LongVector.fromArray(LONGS, state, 4 * LANES);
    LongVector a01 = LongVector.fromArray(LONGS, state, 5 * LANES);
    LongVector a11 = LongVector.fromArray(LONGS, state, 6 * LANES);
    LongVector a21 = LongVector.fromArray(LONGS, state, 7 * LANES);
    LongVector a31 = LongVector.fromArray(LONGS, state, 8 * LANES);
    LongVector a41 = LongVector.fromArray(LONGS, state, 9 * LANES);
    LongVector a02 = LongVector.fromArray(LONGS, state, 10 * LANES);
    LongVector a12 = LongVector.fromArray(LONGS, state, 11 * LANES);
    LongVector a22 = LongVector.fromArray(LONGS, state, 12 * LANES);
    LongVector a32 = LongVector.fromArray(LONGS, state, 13 * LANES);
    LongVector a42 = LongVector.fromArray(LONGS, state, 14 * LANES);
    LongVector a03 = LongVector.fromArray(LONGS, state, 15 * LANES);
    LongVector a13 = LongVector.fromArray(LONGS, state, 16 * LANES);
    LongVector a23 = LongVector.fromArray(LONGS, state, 17 * LANES);
    LongVector a33 = LongVector.fromArray(LONGS, state, 18 * LANES);
    LongVector a43 = LongVector.fromArray(LONGS, state, 19 * LANES);
    LongVector a04 = LongVector.fromArray(LONGS, state, 20 * LANES);
    LongVector a14 = LongVector.fromArray(LONGS, state, 21 * LANES);
    LongVector a24 = LongVector.fromArray(LONGS, state, 22 * LANES);
    LongVector a34 = LongVector.fromArray(LONGS, state, 23 * LANES);
    LongVector a44 = LongVector.fromArray(LONGS, state, 24 * LANES);
    // χ's ¬ as an XOR with all ones, made once: the Vector API's AND_NOT builds its own NOT (an
    // XOR with a fresh broadcast) at each use, which made C2's compilation of this method some 12 %
    // longer (0.25 against 0.22 s, JDK 25) for the same machine code.
    LongVector ones = LongVector.broadcast(LONGS, -1L);
    for (int round = 0; round < 24; round++) {
      // θ: C[x] = ⊕_y A[x,y]; D[x] = C[x−1] ⊕ ROT(C[x+1], 1).
      LongVector c0 = a00.lanewise(XOR, a01).lanewise(XOR, a02).lanewise(XOR, a03)
          .lanewise(XOR, a04);
      LongVector c1 = a10.lanewise(XOR, a11).lanewise(XOR, a12).lanewise(XOR, a13)
          .lanewise(XOR, a14);
      LongVector c2 = a20.lanewise(XOR, a21).lanewise(XOR, a22).lanewise(XOR, a23)
          .lanewise(XOR, a24);
      LongVector c3 = a30.lanewise(XOR, a31).lanewise(XOR, a32).lanewise(XOR, a33)
          .lanewise(XOR, a34);
      LongVector c4 = a40.lanewise(XOR, a41).lanewise(XOR, a42).lanewise(XOR, a43)
          .lanewise(XOR, a44);
      LongVector d0 = c4.lanewise(XOR, c1.lanewise(ROL, 1));
      LongVector d1 = c0.lanewise(XOR, c2.lanewise(ROL, 1));
      LongVector d2 = c1.lanewise(XOR, c3.lanewise(ROL, 1));
      LongVector d3 = c2.lanewise(XOR, c4.lanewise(ROL, 1));
      LongVector d4 = c3.lanewise(XOR, c0.lanewise(ROL, 1));
      // ρ and π, with θ's A[x,y] ⊕= D[x]: B[x,y] = ROT(A[x',y'] ⊕ D[x'], r) as in Sha3.
      LongVector b00 = a00.lanewise(XOR, d0);
      LongVector b10 = a11.lanewise(XOR, d1).lanewise(ROL, 44);
      LongVector b20 = a22.lanewise(XOR, d2).lanewise(ROL, 43);
      LongVector b30 = a33.lanewise(XOR, d3).lanewise(ROL, 21);
      LongVector b40 = a44.lanewise(XOR, d4).lanewise(ROL, 14);
      LongVector b01 = a30.lanewise(XOR, d3).lanewise(ROL, 28);
      LongVector b11 = a41.lanewise(XOR, d4).lanewise(ROL, 20);
      LongVector b21 = a02.lanewise(XOR, d0).lanewise(ROL, 3);
      LongVector b31 = a13.lanewise(XOR, d1).lanewise(ROL, 45);
      LongVector b41 = a24.lanewise(XOR, d2).lanewise(ROL, 61);
      LongVector b02 = a10.lanewise(XOR, d1).lanewise(ROL, 1);
      LongVector b12 = a21.lanewise(XOR, d2).lanewise(ROL, 6);
      LongVector b22 = a32.lanewise(XOR, d3).lanewise(ROL, 25);
      LongVector b32 = a43.lanewise(XOR, d4).lanewise(ROL, 8);
      LongVector b42 = a04.lanewise(XOR, d0).lanewise(ROL, 18);
      LongVector b03 = a40.lanewise(XOR, d4).lanewise(ROL, 27);
      LongVector b13 = a01.lanewise(XOR, d0).lanewise(ROL, 36);
      LongVector b23 = a12.lanewise(XOR, d1).lanewise(ROL, 10);
      LongVector b33 = a23.lanewise(XOR, d2).lanewise(ROL, 15);
      LongVector b43 = a34.lanewise(XOR, d3).lanewise(ROL, 56);
      LongVector b04 = a20.lanewise(XOR, d2).lanewise(ROL, 62);
      LongVector b14 = a31.lanewise(XOR, d3).lanewise(ROL, 55);
      LongVector b24 = a42.lanewise(XOR, d4).lanewise(ROL, 39);
      LongVector b34 = a03.lanewise(XOR, d0).lanewise(ROL, 41);
      LongVector b44 = a14.lanewise(XOR, d1).lanewise(ROL, 2);
      // χ: A[x,y] = B[x,y] ⊕ (¬B[x+1,y] ∧ B[x+2,y]); ι: A[0,0] ⊕= RC[round].
      a00 = b00.lanewise(XOR, b10.lanewise(XOR, ones).lanewise(AND, b20)).lanewise(XOR, RC[round]);
      a10 = b10.lanewise(XOR, b20.lanewise(XOR, ones).lanewise(AND, b30));
      a20 = b20.lanewise(XOR, b30.lanewise(XOR, ones).lanewise(AND, b40));
      a30 = b30.lanewise(XOR, b40.lanewise(XOR, ones).lanewise(AND, b00));
      a40 = b40.lanewise(XOR, b00.lanewise(XOR, ones).lanewise(AND, b10));
      a01 = b01.lanewise(XOR, b11.lanewise(XOR, ones).lanewise(AND, b21));
      a11 = b11.lanewise(XOR, b21.lanewise(XOR, ones).lanewise(AND, b31));
      a21 = b21.lanewise(XOR, b31.lanewise(XOR, ones).lanewise(AND, b41));
      a31 = b31.lanewise(XOR, b41.lanewise(XOR, ones).lanewise(AND, b01));
      a41 = b41.lanewise(XOR, b01.lanewise(XOR, ones).lanewise(AND, b11));
      a02 = b02.lanewise(XOR, b12.lanewise(XOR, ones).lanewise(AND, b22));
      a12 = b12.lanewise(XOR, b22.lanewise(XOR, ones).lanewise(AND, b32));
      a22 = b22.lanewise(XOR, b32.lanewise(XOR, ones).lanewise(AND, b42));
      a32 = b32.lanewise(XOR, b42.lanewise(XOR, ones).lanewise(AND, b02));
      a42 = b42.lanewise(XOR, b02.lanewise(XOR, ones).lanewise(AND, b12));
      a03 = b03.lanewise(XOR, b13.lanewise(XOR, ones).lanewise(AND, b23));
      a13 = b13.lanewise(XOR, b23.lanewise(XOR, ones).lanewise(AND, b33));
      a23 = b23.lanewise(XOR, b33.lanewise(XOR, ones).lanewise(AND, b43));
      a33 = b33.lanewise(XOR, b43.lanewise(XOR, ones).lanewise(AND, b03));
      a43 = b43.lanewise(XOR, b03.lanewise(XOR, ones).lanewise(AND, b13));
      a04 = b04.lanewise(XOR, b14.lanewise(XOR, ones).lanewise(AND, b24));
      a14 = b14.lanewise(XOR, b24.lanewise(XOR, ones).lanewise(AND, b34));
      a24 = b24.lanewise(XOR, b34.lanewise(XOR, ones).lanewise(AND, b44));
      a34 = b34.lanewise(XOR, b44.lanewise(XOR, ones).lanewise(AND, b04));
      a44 = b44.lanewise(XOR, b04.lanewise(XOR, ones).lanewise(AND, b14));
    }
    a00.intoArray(state, 0 * LANES);
    a10.intoArray(state, 1 * LANES);
    a20.intoArray(state, 2 * LANES);
    a30.intoArray(state, 3 * LANES);
    a40.intoArray(state, 4 * LANES);
    a01.intoArray(state, 5 * LANES);
    a11.intoArray(state, 6 * LANES);
    a21.intoArray(state, 7 * LANES);
    a31.intoArray(state, 8 * LANES);
    a41.intoArray(state, 9 * LANES);
    a02.intoArray(state, 10 * LANES);
    a12.intoArray(state, 11 * LANES);
    a22.intoArray(state, 12 * LANES);
    a32.intoArray(state, 13 * LANES);
    a42.intoArray(state, 14 * LANES);
    a03.intoArray(state, 15 * LANES);
    a13.intoArray(state, 16 * LANES);
    a23.intoArray(state, 17 * LANES);
    a33.intoArray(state, 18 * LANES);
    a43.intoArray(state, 19 * LANES);
    a04.intoArray(state, 20 * LANES);
    a14.intoArray(state, 21 * LANES);
    a24.intoArray(state, 22 * LANES);
    a34.intoArray(state, 23 * LANES);
    a44.intoArray(state, 24 * LANES);
  }
}
