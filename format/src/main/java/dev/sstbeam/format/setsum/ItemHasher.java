package dev.sstbeam.format.setsum;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA3-256 of setsum items (FORMAT.md §7.1), one instance per thread. Puts and tombstones are
 * hashed from their pieces ({@code 08|09 || key || LE64(ts) [|| value]}) without building the
 * concatenation.
 */
final class ItemHasher {
  private static final ThreadLocal<ItemHasher> PER_THREAD = ThreadLocal.withInitial(ItemHasher::new);

  private final MessageDigest sha3;
  private final byte[] out = new byte[32];
  private final byte[] tsBytes = new byte[8];

  private ItemHasher() {
    try {
      sha3 = MessageDigest.getInstance("SHA3-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA3-256", e);
    }
  }

  static ItemHasher get() {
    return PER_THREAD.get();
  }

  /** Hash of {@code item}; the returned array is reused by the next call on this thread. */
  byte[] hash(byte[] item) {
    sha3.update(item);
    return finish();
  }

  byte[] hashPut(byte[] key, long timestamp, byte[] value) {
    sha3.update((byte) 0x08);
    sha3.update(key);
    sha3.update(le64(timestamp));
    sha3.update(value);
    return finish();
  }

  byte[] hashDel(byte[] key, long timestamp) {
    sha3.update((byte) 0x09);
    sha3.update(key);
    sha3.update(le64(timestamp));
    return finish();
  }

  private byte[] le64(long v) {
    for (int i = 0; i < 8; i++) {
      tsBytes[i] = (byte) (v >>> (8 * i));
    }
    return tsBytes;
  }

  private byte[] finish() {
    try {
      sha3.digest(out, 0, out.length);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
