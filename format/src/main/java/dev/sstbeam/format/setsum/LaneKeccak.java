package dev.sstbeam.format.setsum;

/**
 * Keccak-f[1600] on several independent SHA3-256 states at once, one per lane: the vector path of
 * {@link BatchedSetsum}. Its only implementation, {@code VectorKeccak}, uses the
 * {@code jdk.incubator.vector} module and is loaded by name ({@link SetsumHashing}), so that no
 * class of that module is ever loaded when the module is absent.
 *
 * <p>The messages of one call all have the same number of 136-byte blocks, already padded
 * (FIPS 202: {@code 06 00 … 80}), as little-endian 64-bit words, interleaved by lane: word
 * {@code w} of lane {@code i} is {@code group[w * lanes() + i]}, so that block {@code b} holds words
 * {@code 17b .. 17b + 16}.
 */
interface LaneKeccak {
  /** The number of messages hashed at once. */
  int lanes();

  /**
   * The staging buffer given to {@link #pack} must be zero from the message's padded end up to its
   * word count rounded up to this many bytes (pack reads whole vectors).
   */
  int packBytes();

  /**
   * Converts {@code words} little-endian words of {@code staging} into lane {@code lane} of
   * {@code group}; {@code scratch} holds at least {@code words} rounded up to {@code packBytes()/8}
   * longs.
   */
  void pack(byte[] staging, int words, long[] group, int lane, long[] scratch);

  /**
   * Absorbs {@code blocks} blocks of every lane of {@code group} into fresh states held in
   * {@code state} (at least 25 × {@link #lanes()} longs, same layout: A[x,y] of lane {@code i} at
   * {@code state[(x + 5y) * lanes() + i]}). The digests are then the first 4 words of each lane:
   * {@code state[j * lanes() + i]}, {@code j} = 0..3, little-endian.
   */
  void hash(long[] group, int blocks, long[] state);

  /**
   * Keccak-f[1600] on the states in {@code state}, laid out as for {@link #hash}, when
   * {@code rounds} is 24 (its 24 rounds, as {@link #hash} runs them); nothing when it is 0. Any
   * other number is an IllegalArgumentException. {@link VectorWarmUp} mostly asks for none, so that
   * the JIT counts calls of the permutation without running it in the Vector API's slow fallback.
   */
  void permute(long[] state, int rounds);

  /** For messages, e.g. {@code vector 4x256-bit}. */
  String name();
}
