package dev.sstbeam.format.setsum;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Puts like bench.log's (a 26-byte key, a 100–1099-byte value: items of 135–1134 bytes) adding
 * up to an exact number of item bytes, and the three ways of hashing them that
 * SetsumHashingBenchmark and SetsumHashingCpuCompare measure.
 */
final class ItemSample {
  final int bytes;
  private final byte[][] keys;
  private final long[] timestamps;
  private final byte[][] values;
  /** The items themselves, 08 || key || LE64(ts) || value, for MessageDigest. */
  private final byte[][] items;

  ItemSample(int bytes, long seed) {
    this.bytes = bytes;
    SplittableRandom rnd = new SplittableRandom(seed);
    List<byte[]> k = new ArrayList<>();
    List<byte[]> v = new ArrayList<>();
    int total = 0;
    while (total < bytes) {
      // The last item takes what is left (35..1168 bytes).
      int left = bytes - total;
      byte[] key = new byte[26];
      byte[] value = new byte[left >= 35 + 1099 + 35 ? 100 + rnd.nextInt(1000) : left - 35];
      fill(key, rnd);
      fill(value, rnd);
      k.add(key);
      v.add(value);
      total += 9 + key.length + value.length;
    }
    keys = k.toArray(new byte[0][]);
    values = v.toArray(new byte[0][]);
    timestamps = new long[keys.length];
    items = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      timestamps[i] = rnd.nextLong();
      byte[] item = new byte[9 + keys[i].length + values[i].length];
      item[0] = 0x08;
      System.arraycopy(keys[i], 0, item, 1, keys[i].length);
      for (int b = 0; b < 8; b++) {
        item[1 + keys[i].length + b] = (byte) (timestamps[i] >>> (8 * b));
      }
      System.arraycopy(values[i], 0, item, 9 + keys[i].length, values[i].length);
      items[i] = item;
    }
  }

  private static void fill(byte[] b, SplittableRandom rnd) {
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
  }

  /** SHA3-256 of every item with the JDK's MessageDigest; returns the last digest. */
  byte[] messageDigest(MessageDigest jdk, byte[] out) throws Exception {
    for (byte[] item : items) {
      jdk.update(item, 0, item.length);
      jdk.digest(out, 0, 32);
    }
    return out;
  }

  /** The setsum of the items, one at a time (the scalar path). */
  Setsum setsum() {
    Setsum s = new Setsum();
    for (int i = 0; i < keys.length; i++) {
      s.insertPut(keys[i], timestamps[i], values[i]);
    }
    return s;
  }

  /** The setsum of the items through BatchedSetsum, on the JVM's hashing path. */
  Setsum batched() {
    BatchedSetsum s = new BatchedSetsum();
    for (int i = 0; i < keys.length; i++) {
      s.insertPut(keys[i], timestamps[i], values[i]);
    }
    return s.setsum();
  }
}
