package dev.sstbeam.format.setsum;

/**
 * SHA3-256 of setsum items (FORMAT.md §7.1), one instance per thread. Puts and tombstones are
 * hashed from their pieces ({@code 08|09 || key || LE64(ts) [|| value]}) without building the
 * concatenation. Uses {@link Sha3}, which is bit-exact with the JDK's {@code SHA3-256} and about
 * 1.7 times as fast as JDK 17's on items of 100–1100 bytes (benchmarks: Sha3Benchmark).
 */
final class ItemHasher {
  private static final ThreadLocal<ItemHasher> PER_THREAD = ThreadLocal.withInitial(ItemHasher::new);

  private final Sha3 sha3 = new Sha3();
  private final byte[] out = new byte[Sha3.DIGEST_LENGTH];

  private ItemHasher() {}

  static ItemHasher get() {
    return PER_THREAD.get();
  }

  /** Hash of {@code item}; the returned array is reused by the next call on this thread. */
  byte[] hash(byte[] item) {
    sha3.update(item);
    return finish();
  }

  byte[] hashPut(byte[] key, long timestamp, byte[] value) {
    return hashPut(key, 0, key.length, timestamp, value, 0, value.length);
  }

  byte[] hashPut(byte[] key, int keyOff, int keyLen, long timestamp, byte[] value, int valueOff,
      int valueLen) {
    sha3.update((byte) 0x08);
    sha3.update(key, keyOff, keyLen);
    sha3.updateLE64(timestamp);
    sha3.update(value, valueOff, valueLen);
    return finish();
  }

  byte[] hashDel(byte[] key, long timestamp) {
    return hashDel(key, 0, key.length, timestamp);
  }

  byte[] hashDel(byte[] key, int keyOff, int keyLen, long timestamp) {
    sha3.update((byte) 0x09);
    sha3.update(key, keyOff, keyLen);
    sha3.updateLE64(timestamp);
    return finish();
  }

  private byte[] finish() {
    sha3.digest(out);
    return out;
  }
}
