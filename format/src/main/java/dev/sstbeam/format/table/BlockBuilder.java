package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.wire.ByteBuilder;
import dev.sstbeam.format.wire.EntryCodec;
import java.util.Arrays;

/**
 * Builds one block (a data block or the index block) exactly as Rust's {@code BlockBuilder}
 * (FORMAT.md §5.3, §5.4):
 *
 * <pre>
 * block   = entry* || 52 varint(4·R) LE32(restart[0]) … LE32(restart[R−1]) || 5d LE32(R)
 * entry   = KeyValueEntry with shared = common prefix with the previous full key (0 at a restart)
 * </pre>
 *
 * A restart is taken before an item when {@code bytes_restart_interval <= bytes since the last
 * restart} or {@code key_value_pairs_restart_interval <= items since it}; the restart array always
 * starts with offset 0.
 */
final class BlockBuilder {
  private final long bytesRestartInterval;
  private final long pairsRestartInterval;
  private final ByteBuilder buffer = new ByteBuilder(8192);
  private int[] restarts = new int[16];
  private int restartCount;
  private long bytesSince;
  private long countSince;
  private byte[] lastKey = new byte[0];
  private int lastKeyLength;
  private long lastTimestamp = -1L; // u64::MAX

  BlockBuilder(SstOptions options) {
    this.bytesRestartInterval = options.bytesRestartInterval();
    this.pairsRestartInterval = options.keyValuePairsRestartInterval();
    restarts[restartCount++] = 0;
  }

  /** len(buffer) + 16 + 4·len(restarts). */
  long approximateSize() {
    return buffer.length() + 16L + 4L * restartCount;
  }

  void put(byte[] key, long timestamp, byte[] value) throws SstException {
    Limits.checkKey(key);
    Limits.checkValue(value);
    add(key, 0, key.length, timestamp, value, 0, value.length);
  }

  void del(byte[] key, long timestamp) throws SstException {
    Limits.checkKey(key);
    add(key, 0, key.length, timestamp, null, 0, 0);
  }

  /**
   * Adds the item {@code key[keyOff, +keyLen)} at {@code timestamp}: a put of {@code
   * value[valueOff, +valueLen)}, or a tombstone when {@code value} is null. The caller checked the
   * limits.
   */
  void add(byte[] key, int keyOff, int keyLen, long timestamp, byte[] value, int valueOff,
      int valueLen) throws SstException {
    if (approximateSize() >= Limits.TABLE_FULL_SIZE) {
      throw SstException.of(ErrorCode.TABLE_FULL)
          .field("size", approximateSize())
          .field("limit", Limits.TABLE_FULL_SIZE)
          .build();
    }
    if (KeyOrder.compare(lastKey, lastKeyLength, lastTimestamp, key, keyOff, keyLen, timestamp) >= 0) {
      throw sortOrder(Arrays.copyOf(lastKey, lastKeyLength), lastTimestamp,
          Arrays.copyOfRange(key, keyOff, keyOff + keyLen), timestamp);
    }
    int shared;
    if (bytesRestartInterval <= bytesSince || pairsRestartInterval <= countSince) {
      bytesSince = 0;
      countSince = 0;
      if (restartCount == restarts.length) {
        restarts = Arrays.copyOf(restarts, 2 * restarts.length);
      }
      restarts[restartCount++] = buffer.length();
      shared = 0;
    } else {
      shared = Arrays.mismatch(lastKey, 0, lastKeyLength, key, keyOff, keyOff + keyLen);
      if (shared < 0) {
        shared = lastKeyLength;
      }
    }
    int before = buffer.length();
    if (value == null) {
      EntryCodec.encodeDel(buffer, shared, key, keyOff + shared, keyLen - shared, timestamp);
    } else {
      EntryCodec.encodePut(buffer, shared, key, keyOff + shared, keyLen - shared, timestamp,
          value, valueOff, valueLen);
    }
    if (lastKey.length < keyLen) {
      lastKey = new byte[Math.max(keyLen, 2 * lastKey.length)];
    }
    System.arraycopy(key, keyOff, lastKey, 0, keyLen);
    lastKeyLength = keyLen;
    lastTimestamp = timestamp;
    bytesSince += buffer.length() - before;
    countSince++;
  }

  /** The finished block: entries then the restart trailer. */
  byte[] seal() {
    return sealInPlace().toByteArray();
  }

  /**
   * Appends the restart trailer and returns the buffer holding the finished block (bytes
   * {@code [0, length())}), valid until {@link #reset()}: the writer writes it from there, so a
   * block costs no copy and no new array.
   */
  ByteBuilder sealInPlace() {
    ByteBuilder out = buffer;
    out.putByte(0x52).putVarint(4L * restartCount);
    for (int i = 0; i < restartCount; i++) {
      out.putLE32(restarts[i]);
    }
    out.putByte(0x5d).putLE32(restartCount);
    return out;
  }

  /** Empties the builder for the next block, as a new one would be (its arrays are kept). */
  void reset() {
    buffer.clear();
    restartCount = 0;
    restarts[restartCount++] = 0;
    bytesSince = 0;
    countSince = 0;
    lastKeyLength = 0;
    lastTimestamp = -1L;
  }

  static SstException sortOrder(byte[] lastKey, long lastTs, byte[] newKey, long newTs) {
    return SstException.of(ErrorCode.SORT_ORDER)
        .field("last_key", Arrays.toString(unsigned(lastKey)))
        .unsignedField("last_timestamp", lastTs)
        .field("new_key", Arrays.toString(unsigned(newKey)))
        .unsignedField("new_timestamp", newTs)
        .build();
  }

  private static int[] unsigned(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xff;
    }
    return out;
  }
}
