package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded random items and tables for the model tests. Keys come from a four-letter alphabet
 * (00, 61 'a', 62 'b', fe) so that prefixes, zero bytes, bytes ≥ 0x80 and many versions per key
 * are common; timestamps include 0, u64::MAX and values around 2^63. The item ("", u64::MAX),
 * which no table can hold, is never produced.
 */
final class RandomItems {
  static final byte[] ALPHABET = {0x00, 0x61, 0x62, (byte) 0xfe};
  static final long[] SPECIAL_TIMESTAMPS = {
    0, 1, 2, 3, 7, 42, 1000, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -2L, -1L
  };

  private RandomItems() {}

  static byte[] key(Random r, int maxLength) {
    byte[] k = new byte[r.nextInt(maxLength + 1)];
    for (int i = 0; i < k.length; i++) {
      k[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return k;
  }

  static long timestamp(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return SPECIAL_TIMESTAMPS[r.nextInt(SPECIAL_TIMESTAMPS.length)];
      case 1:
        return r.nextLong();
      default:
        return r.nextInt(60);
    }
  }

  static byte[] value(Random r) {
    int n;
    switch (r.nextInt(10)) {
      case 0:
        n = 0;
        break;
      case 1:
      case 2:
        n = 100 + r.nextInt(500);
        break;
      default:
        n = 1 + r.nextInt(60);
    }
    byte[] v = new byte[n];
    r.nextBytes(v);
    return v;
  }

  static KeyValue item(Random r, byte[] key, long ts, double tombstoneRate) {
    return r.nextDouble() < tombstoneRate ? KeyValue.del(key, ts) : KeyValue.put(key, ts, value(r));
  }

  /** A random item count: often 0, 1 or a few, usually tens to hundreds. */
  static int count(Random r) {
    switch (r.nextInt(10)) {
      case 0:
        return r.nextInt(3);
      case 1:
        return 3 + r.nextInt(20);
      default:
        return 50 + r.nextInt(1000);
    }
  }

  /**
   * About {@code n} distinct items in table order, drawn from a pool of keys so that many keys
   * have several versions.
   */
  static List<KeyValue> items(Random r, int n, double tombstoneRate) {
    int poolSize = 1 + r.nextInt(Math.max(1, Math.min(n, 1 + r.nextInt(80))));
    List<byte[]> pool = new ArrayList<>();
    int maxLength = 1 + r.nextInt(5);
    for (int i = 0; i < poolSize; i++) {
      pool.add(key(r, maxLength));
    }
    TreeMap<KeyValue, KeyValue> sorted = new TreeMap<>(KeyOrder.INSTANCE);
    for (int i = 0; i < n; i++) {
      byte[] k = r.nextInt(8) == 0 ? key(r, maxLength) : pool.get(r.nextInt(pool.size()));
      long ts = timestamp(r);
      if (k.length == 0 && ts == -1L) {
        continue;
      }
      KeyValue kv = item(r, k, ts, tombstoneRate);
      sorted.put(kv, kv);
    }
    return new ArrayList<>(sorted.keySet());
  }

  /** Options with the smallest block target and small or degenerate restart intervals. */
  static SstOptions options(Random r) {
    long[] pairs = {0, 1, 2, 3, 4, 16};
    long[] bytes = {0, 16, 64, 256, 1024};
    return SstOptions.builder()
        .targetBlockSize(4096)
        .keyValuePairsRestartInterval(pairs[r.nextInt(pairs.length)])
        .bytesRestartInterval(bytes[r.nextInt(bytes.length)])
        .bloomFilterBits(r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 17)
        .build();
  }

  /** Writes {@code items} (in table order) to {@code path}. */
  static Path write(Path path, List<KeyValue> items, SstOptions options) throws SstException {
    try (SstWriter w = SstWriter.create(path, options)) {
      for (KeyValue kv : items) {
        w.add(kv);
      }
      w.seal();
    }
    return path;
  }

  /**
   * A key to seek: often one in {@code items} or a prefix / extension of one, sometimes the empty
   * key, keys past every item, or random keys that may not exist.
   */
  static byte[] seekKey(Random r, List<KeyValue> items) {
    int c = r.nextInt(20);
    if (c < 8 && !items.isEmpty()) {
      return items.get(r.nextInt(items.size())).key();
    }
    if (c < 10 && !items.isEmpty()) {
      byte[] k = items.get(r.nextInt(items.size())).key();
      if (r.nextBoolean() && k.length > 0) {
        return Arrays.copyOf(k, r.nextInt(k.length));
      }
      byte[] e = Arrays.copyOf(k, k.length + 1);
      e[k.length] = ALPHABET[r.nextInt(ALPHABET.length)];
      return e;
    }
    if (c == 10) {
      return new byte[0];
    }
    if (c == 11) {
      byte[] ff = new byte[1 + r.nextInt(3)];
      Arrays.fill(ff, (byte) 0xff);
      return ff;
    }
    if (c == 12) {
      byte[] fe = new byte[6 + r.nextInt(3)];
      Arrays.fill(fe, (byte) 0xfe);
      return fe;
    }
    return key(r, 5);
  }

  /** Items of {@code sorted} whose keys lie within the bounds (the model of BoundsCursor). */
  static List<KeyValue> bounded(List<KeyValue> sorted, Bound start, Bound end) {
    List<KeyValue> out = new ArrayList<>();
    for (KeyValue kv : sorted) {
      if (!start.excludesAsStart(kv.key()) && !end.excludesAsEnd(kv.key())) {
        out.add(kv);
      }
    }
    return out;
  }

  /**
   * The items visible at snapshot {@code t} (the model of PruningCursor): per key, the first item
   * in list order with timestamp ≤ t (unsigned), kept when it is a put.
   */
  static List<KeyValue> visible(List<KeyValue> sorted, long t) {
    List<KeyValue> out = new ArrayList<>();
    byte[] decided = null;
    for (KeyValue kv : sorted) {
      if (decided != null && Arrays.equals(decided, kv.key())) {
        continue;
      }
      if (Long.compareUnsigned(kv.timestamp(), t) <= 0) {
        decided = kv.key();
        if (!kv.isTombstone()) {
          out.add(kv);
        }
      }
    }
    return out;
  }

  /** A random bound over keys like those of {@code items}. */
  static Bound bound(Random r, List<KeyValue> items) {
    switch (r.nextInt(3)) {
      case 0:
        return Bound.unbounded();
      case 1:
        return Bound.included(seekKey(r, items));
      default:
        return Bound.excluded(seekKey(r, items));
    }
  }

  /** Snapshot timestamps to test: the special ones, random ones, and neighbours of stored ones. */
  static long[] snapshots(Random r, List<KeyValue> items) {
    long[] out = new long[SPECIAL_TIMESTAMPS.length + 6];
    System.arraycopy(SPECIAL_TIMESTAMPS, 0, out, 0, SPECIAL_TIMESTAMPS.length);
    for (int i = SPECIAL_TIMESTAMPS.length; i < out.length; i++) {
      if (items.isEmpty() || r.nextInt(3) == 0) {
        out[i] = timestamp(r);
      } else {
        out[i] = items.get(r.nextInt(items.size())).timestamp() + (r.nextInt(3) - 1);
      }
    }
    return out;
  }
}
