package dev.sstbeam.format.sort;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.SstWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Items held for sorting as bytes packed one after another in large arrays from a
 * {@link SlabPool}, instead of as a {@link KeyValue} and two arrays each. A chunk of objects
 * that waits to be sorted outlives young collections and is copied by the garbage collector once
 * or twice per item (sst-from-log spent 0.6 of its 4.5 seconds in such pauses); a slab is
 * reused from chunk to chunk and copied at most once. Items are appended, put in table order by
 * index ({@link TableOrderSort}), and read back as new KeyValues.
 *
 * <p>One item in a slab (a scratch layout of this class, never written to a file), little-endian:
 *
 * <pre>
 * LE32 key length || LE32 value length, or -1 for a tombstone || LE64 timestamp || key || value
 * </pre>
 *
 * An item never spans two slabs; one larger than a slab gets an array of its own.
 */
public final class PackedItems implements TableOrderSort.Keys {
  /** Bytes of an item before its key. */
  static final int HEADER = 16;
  /** Bytes per item beyond the slabs: its reference, and its number and index while sorting. */
  static final int PER_ITEM = 20;

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final SlabPool pool;
  private final List<byte[]> slabs = new ArrayList<>();
  /** Per item: its slab's index (high 32 bits) and its offset there (low 32 bits). */
  private long[] refs = new long[1024];
  private int count;
  private byte[] slab;
  private int used;
  private long slabBytes;

  public PackedItems(SlabPool pool) {
    this.pool = pool;
  }

  /** Copies {@code kv} in. */
  public void add(KeyValue kv) {
    byte[] value = kv.value();
    add(kv.key(), 0, kv.key().length, kv.timestamp(), value, 0, value == null ? 0 : value.length);
  }

  /**
   * Copies in the item {@code key[keyOffset, +keyLength)} at {@code timestamp}: a put of
   * {@code value[valueOffset, +valueLength)}, or a tombstone when {@code value} is null.
   */
  public void add(byte[] key, int keyOffset, int keyLength, long timestamp, byte[] value,
      int valueOffset, int valueLength) {
    int size = HEADER + keyLength + (value == null ? 0 : valueLength);
    if (slab == null || slab.length - used < size) {
      slab = size <= pool.slabSize() ? pool.take() : new byte[size];
      slabs.add(slab);
      slabBytes += slab.length;
      used = 0;
    }
    if (count == refs.length) {
      refs = Arrays.copyOf(refs, 2 * count);
    }
    refs[count++] = ((long) (slabs.size() - 1) << 32) | used;
    INT.set(slab, used, keyLength);
    INT.set(slab, used + 4, value == null ? -1 : valueLength);
    LONG.set(slab, used + 8, timestamp);
    System.arraycopy(key, keyOffset, slab, used + HEADER, keyLength);
    if (value != null) {
      System.arraycopy(value, valueOffset, slab, used + HEADER + keyLength, valueLength);
    }
    used += size;
  }

  @Override
  public int size() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** Heap bytes held: the slabs taken, and {@link #PER_ITEM} per item. */
  public long bytes() {
    return slabBytes + (long) PER_ITEM * count;
  }

  /** The indexes of the items in table order; equal items in the order they were added. */
  public int[] sortedOrder() {
    return TableOrderSort.order(this);
  }

  /** Item {@code i} (in the order added), as a new KeyValue of its own arrays. */
  public KeyValue get(int i) {
    byte[] key = key(i);
    int valueLength = valueLength(i);
    if (valueLength < 0) {
      return KeyValue.del(key, timestamp(i));
    }
    int v = offset(i) + key.length;
    return KeyValue.put(key, timestamp(i), Arrays.copyOfRange(array(i), v, v + valueLength));
  }

  /** Adds item {@code i} to {@code table}, copied from where it lies. */
  public void writeTo(int i, SstWriter table) throws SstException {
    byte[] s = array(i);
    int key = offset(i);
    int keyLength = length(i);
    int valueLength = valueLength(i);
    table.add(s, key, keyLength, timestamp(i), valueLength < 0 ? null : s, key + keyLength,
        Math.max(0, valueLength));
  }

  /**
   * Adds the items to {@code table} in {@code order} (table order), {@code duplicates} deciding
   * between an item and the one kept before it when their key and timestamp are equal (it drops the
   * later one, counted, or fails as its policy says); {@code kept} hears of each item written.
   */
  public void writeInOrder(int[] order, DuplicateFilter duplicates, SstWriter table, IntConsumer kept)
      throws SstException {
    int last = -1;
    for (int i : order) {
      if (last >= 0 && sameKeyAndTimestamp(last, i)) {
        // Rare: materialized, so that the filter alone holds the policy.
        duplicates.reset();
        duplicates.accept(get(last));
        if (!duplicates.accept(get(i))) {
          continue;
        }
      }
      writeTo(i, table);
      kept.accept(i);
      last = i;
    }
  }

  /** The key of item {@code i}, copied. */
  public byte[] key(int i) {
    int at = offset(i);
    return Arrays.copyOfRange(array(i), at, at + length(i));
  }

  /** Bytes of item {@code i}'s key and value (0 for a tombstone's). */
  public int keyAndValueLength(int i) {
    return length(i) + Math.max(0, valueLength(i));
  }

  /** The length of item {@code i}'s value, or -1 for a tombstone. */
  private int valueLength(int i) {
    return (int) INT.get(array(i), (int) refs[i] + 4);
  }

  /** Whether items {@code a} and {@code b} have the same key. */
  public boolean sameKey(int a, int b) {
    int ao = offset(a);
    int bo = offset(b);
    return Arrays.equals(array(a), ao, ao + length(a), array(b), bo, bo + length(b));
  }

  /** Whether items {@code a} and {@code b} have the same key and timestamp (a duplicate). */
  public boolean sameKeyAndTimestamp(int a, int b) {
    return timestamp(a) == timestamp(b) && sameKey(a, b);
  }

  @Override
  public byte[] array(int i) {
    return slabs.get((int) (refs[i] >>> 32));
  }

  @Override
  public int offset(int i) {
    return (int) refs[i] + HEADER;
  }

  @Override
  public int length(int i) {
    return (int) INT.get(array(i), (int) refs[i]);
  }

  @Override
  public long timestamp(int i) {
    return (long) LONG.get(array(i), (int) refs[i] + 8);
  }

  /** Empties this, giving its slabs back to the pool. */
  public void clear() {
    pool.give(slabs);
    slabs.clear();
    slab = null;
    used = 0;
    slabBytes = 0;
    count = 0;
  }
}
