package dev.sstbeam.format.setsum;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.wire.Bytes;
import java.util.Arrays;

/**
 * A setsum accumulator that hashes its items several at a time when the vector path is in use
 * ({@link SetsumHashing}): the setsum is a sum of independent per-item hashes, so items may be
 * hashed in any grouping. Each item is copied, padded, into a group of items with the same number
 * of 136-byte SHA3 blocks; a full group (one item per lane) is hashed at once. {@link #setsum()}
 * hashes the items still waiting (a group more than half full on the lanes, the rest one by one)
 * and returns the total. Items longer than {@link #MAX_BLOCKS} blocks, and every item while the
 * scalar path is in use, are hashed at once, in place; the bytes hashed that way are what tells
 * SetsumHashing that this JVM hashes enough for the vector path to pay.
 *
 * <p>Pays when many items are added before {@link #setsum()} (a log range, a table, a chunk of a
 * stream); for a handful of items it costs more than it saves (copies, half-empty groups), which
 * is what {@link #forItems} is for. Not thread-safe.
 */
public final class BatchedSetsum {
  /** Items of more blocks (more than 4,351 bytes) are hashed on their own. */
  static final int MAX_BLOCKS = 32;
  private static final int WORDS_PER_BLOCK = Sha3.RATE / 8;
  /** The largest item that is batched. */
  private static final int MAX_BATCHED = MAX_BLOCKS * Sha3.RATE - 1;
  /** Bytes hashed on the scalar path are reported to SetsumHashing about this often. */
  private static final long DEMAND_REPORT_BYTES = 1 << 20;
  /**
   * Fewer items than this are hashed one at a time by {@link #forItems}: on JDK 17 with 4 lanes,
   * batches of 8 items were 12% slower batched and batches of 16 as fast (64: 1.5 times as fast).
   */
  public static final int MIN_ITEMS = 24;

  private final Setsum total = new Setsum();
  /** True when the lanes were given (self-check, tests); else they come from SetsumHashing. */
  private final boolean given;
  /** False when this accumulator hashes one item at a time whatever the path. */
  private final boolean mayBatch;
  private LaneKeccak lanes;
  private int width;
  /** groups[k]: the words of up to {@code width} items of k blocks, LaneKeccak's layout. */
  private long[][] groups;
  private int[] filled;
  /** Bit i of removed[k]: lane i of group k is a removal. */
  private long[] removed;
  private byte[] staging;
  private long[] scratch;
  /** The lanes' Keccak states; the scalar path uses the first 25 longs. */
  private long[] state;
  /** Bytes hashed on the scalar path and not yet reported to SetsumHashing. */
  private long scalarBytes;

  /** An empty accumulator using the JVM's hashing path. */
  public BatchedSetsum() {
    this(true);
  }

  private BatchedSetsum(boolean mayBatch) {
    this.given = false;
    this.mayBatch = mayBatch;
  }

  /** An empty accumulator hashing on {@code lanes} (the self-check and tests). */
  BatchedSetsum(LaneKeccak lanes) {
    this.given = true;
    this.mayBatch = true;
    start(lanes);
  }

  /**
   * An empty accumulator for about {@code items} items: with fewer than {@link #MIN_ITEMS} it
   * hashes them one at a time, as a {@link Setsum} does.
   */
  public static BatchedSetsum forItems(long items) {
    return new BatchedSetsum(items >= MIN_ITEMS);
  }

  /** Inserts a put: {@code 08 || key || LE64(ts) || value} (FORMAT.md §7.3). */
  public BatchedSetsum insertPut(byte[] key, long timestamp, byte[] value) {
    return insertPut(key, 0, key.length, timestamp, value, 0, value.length);
  }

  /** Inserts a put whose key and value are slices of arrays; copies them when batching. */
  public BatchedSetsum insertPut(byte[] keyBuf, int keyOffset, int keyLength, long timestamp,
      byte[] valueBuf, int valueOffset, int valueLength) {
    long len = 9L + keyLength + valueLength;
    if (len > MAX_BATCHED || !batching(len)) {
      total.insertPut(
          keyBuf, keyOffset, keyLength, timestamp, valueBuf, valueOffset, valueLength);
      return this;
    }
    byte[] s = staging;
    s[0] = 0x08;
    System.arraycopy(keyBuf, keyOffset, s, 1, keyLength);
    Bytes.putLE64(s, 1 + keyLength, timestamp);
    System.arraycopy(valueBuf, valueOffset, s, 9 + keyLength, valueLength);
    add((int) len, false);
    return this;
  }

  /** Inserts a tombstone: {@code 09 || key || LE64(ts)}. */
  public BatchedSetsum insertDel(byte[] key, long timestamp) {
    return insertDel(key, 0, key.length, timestamp);
  }

  /** Inserts a tombstone whose key is a slice of {@code keyBuf}. */
  public BatchedSetsum insertDel(byte[] keyBuf, int keyOffset, int keyLength, long timestamp) {
    long len = 9L + keyLength;
    if (len > MAX_BATCHED || !batching(len)) {
      total.insertDel(keyBuf, keyOffset, keyLength, timestamp);
      return this;
    }
    byte[] s = staging;
    s[0] = 0x09;
    System.arraycopy(keyBuf, keyOffset, s, 1, keyLength);
    Bytes.putLE64(s, 1 + keyLength, timestamp);
    add((int) len, false);
    return this;
  }

  /** Inserts a put or a tombstone. */
  public BatchedSetsum insert(KeyValue kv) {
    return kv.isTombstone()
        ? insertDel(kv.key(), kv.timestamp())
        : insertPut(kv.key(), kv.timestamp(), kv.value());
  }

  /** Inserts one item (any bytes). */
  public BatchedSetsum insert(byte[] item) {
    return item(item, false);
  }

  /** Removes one item: adds the inverse of its hash's columns. */
  public BatchedSetsum remove(byte[] item) {
    return item(item, true);
  }

  /**
   * Hashes the items still waiting and returns the setsum of every item added so far (a copy).
   * More items may be added afterwards.
   */
  public Setsum setsum() {
    if (scalarBytes > 0) {
      SetsumHashing.demand(scalarBytes);
      scalarBytes = 0;
    }
    if (lanes != null) {
      for (int k = 1; k <= MAX_BLOCKS; k++) {
        if (filled[k] > 0) {
          hashGroup(k, filled[k]);
        }
      }
    }
    return total.copy();
  }

  private BatchedSetsum item(byte[] item, boolean remove) {
    if (item.length > MAX_BATCHED || !batching(item.length)) {
      if (remove) {
        total.remove(item);
      } else {
        total.insert(item);
      }
      return this;
    }
    System.arraycopy(item, 0, staging, 0, item.length);
    add(item.length, remove);
    return this;
  }

  /**
   * True when items go into groups: the vector path is (now) in use. Else counts the item's
   * {@code bytes} as hashed on the scalar path (the self-check waits for enough of them).
   */
  private boolean batching(long bytes) {
    if (lanes == null && !given && mayBatch) {
      LaneKeccak active = SetsumHashing.activeAfterWarmUp();
      if (active != null) {
        start(active);
      } else if ((scalarBytes += bytes) >= DEMAND_REPORT_BYTES) {
        SetsumHashing.demand(scalarBytes);
        scalarBytes = 0;
      }
    }
    return lanes != null;
  }

  private void start(LaneKeccak lanes) {
    this.lanes = lanes;
    this.width = lanes.lanes();
    int pack = lanes.packBytes();
    this.groups = new long[MAX_BLOCKS + 1][];
    this.filled = new int[MAX_BLOCKS + 1];
    this.removed = new long[MAX_BLOCKS + 1];
    this.staging = new byte[MAX_BLOCKS * Sha3.RATE + pack];
    this.scratch = new long[MAX_BLOCKS * WORDS_PER_BLOCK + pack / 8];
    this.state = new long[25 * width];
  }

  /**
   * Pads the item in {@code staging[0, len)} (FIPS 202 §6.1 and §5.1: {@code 06 00 … 00 80}, or
   * {@code 86} for a single byte) and packs it into the next lane of its group; hashes the group
   * when it is full.
   */
  private void add(int len, boolean remove) {
    int blocks = len / Sha3.RATE + 1;
    int words = blocks * WORDS_PER_BLOCK;
    int pack = lanes.packBytes();
    int end = (words * 8 + pack - 1) / pack * pack;
    Arrays.fill(staging, len, end, (byte) 0);
    staging[len] = 0x06;
    staging[blocks * Sha3.RATE - 1] ^= (byte) 0x80;

    long[] group = groups[blocks];
    if (group == null) {
      group = groups[blocks] = new long[words * width];
    }
    int lane = filled[blocks];
    lanes.pack(staging, words, group, lane, scratch);
    if (remove) {
      removed[blocks] |= 1L << lane;
    } else {
      removed[blocks] &= ~(1L << lane);
    }
    if (++filled[blocks] == width) {
      hashGroup(blocks, width);
    }
  }

  /**
   * Hashes the first {@code count} lanes of group {@code blocks} into the total: on the lanes
   * when more than half of them are filled (the others hold stale words, whose digests are
   * ignored), else one lane at a time with the scalar Keccak.
   */
  private void hashGroup(int blocks, int count) {
    long[] group = groups[blocks];
    long rm = removed[blocks];
    if (2 * count > width) {
      lanes.hash(group, blocks, state);
      long[] d = state;
      int w = width;
      for (int lane = 0; lane < count; lane++) {
        total.addHashWords(d[lane], d[w + lane], d[2 * w + lane], d[3 * w + lane],
            (rm >>> lane & 1) != 0);
      }
    } else {
      for (int lane = 0; lane < count; lane++) {
        Sha3.hashLane(group, width, lane, blocks, state);
        total.addHashWords(state[0], state[1], state[2], state[3], (rm >>> lane & 1) != 0);
      }
    }
    filled[blocks] = 0;
    removed[blocks] = 0;
  }
}
