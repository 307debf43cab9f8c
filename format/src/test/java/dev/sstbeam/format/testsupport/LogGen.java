package dev.sstbeam.format.testsupport;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.EntryCodec;
import dev.sstbeam.format.wire.Varint;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes logs with {@link LogWriter} whose layout the test controls: batches of an exact encoded
 * size, chosen bytes at a chosen batch offset (inside a value), and records placed at exact file
 * offsets. It remembers every record's items and its start and end, where the start is predicted
 * from the writer algorithm of FORMAT.md §4.3 (not taken from the writer).
 */
public final class LogGen implements AutoCloseable {
  public static final int B = Limits.LOG_BLOCK_SIZE;
  /** Smallest entry {@link #itemsOfSize} makes (an 8-byte key, a one-byte timestamp, no value). */
  public static final int MIN_ENTRY = EntryCodec.putSize(8, 0, 0);

  private final Path path;
  private final LogWriter writer;
  private final Random rnd;
  private long counter;
  private boolean tombstones = true;
  public final List<Record> records = new ArrayList<>();

  /** One appended record. */
  public static final class Record {
    public final long start;
    public final long end;
    public final List<KeyValue> items;

    Record(long start, long end, List<KeyValue> items) {
      this.start = start;
      this.end = end;
      this.items = items;
    }

    /** True when this record is a FIRST/SECOND pair (it crosses the boundary after its start). */
    public boolean split() {
      return end > (start / B + 1) * B;
    }

    @Override
    public String toString() {
      return "record [" + start + ", " + end + ") of " + items.size() + " items";
    }
  }

  private LogGen(Path path, LogWriter writer, long seed) {
    this.path = path;
    this.writer = writer;
    this.rnd = new Random(seed);
  }

  public static LogGen create(Path path, long seed) throws SstException {
    return new LogGen(path, LogWriter.create(path), seed);
  }

  /** A generator of items only ({@link #itemsOfSize}); it has no log to append to. */
  public static LogGen itemsOnly(long seed) {
    return new LogGen(null, null, seed);
  }

  public Path path() {
    return path;
  }

  public Random random() {
    return rnd;
  }

  /** Whether small filler entries may be tombstones (default true). */
  public LogGen tombstones(boolean on) {
    tombstones = on;
    return this;
  }

  /** The writer position: bytes written so far. */
  public long position() {
    return writer.approximateSize();
  }

  /** The length of a WHOLE frame carrying {@code payload} bytes: 1 + hlen + payload. */
  public static int frameLength(int payload) {
    return 1 + 8 + Varint.length(payload) + payload;
  }

  /** Where a record of {@code len} payload bytes appended at {@code pos} starts (§4.3). */
  public static long predictedRecordStart(long pos, int len) {
    long nb = (pos / B + 1) * B;
    if (pos + frameLength(len) <= nb) {
      return pos;
    }
    return nb - pos <= Limits.LOG_HEADER_MAX_SIZE ? nb : pos;
  }

  /** Items whose batch encoding is exactly {@code size} bytes (0, or at least {@link #MIN_ENTRY}). */
  public List<KeyValue> itemsOfSize(int size) {
    List<KeyValue> out = new ArrayList<>();
    fill(out, size, -1, null);
    return out;
  }

  /**
   * Items whose batch encoding is exactly {@code size} bytes and has {@code patch} at batch offset
   * {@code patchAt}, inside one value. Needs {@code patchAt ≥ 200} and {@code patch} of at most 100
   * bytes ending inside the batch.
   */
  public List<KeyValue> itemsOfSize(int size, int patchAt, byte[] patch) {
    if (patchAt < 200 || patch.length > 100 || patchAt + patch.length > size) {
      throw new IllegalArgumentException("cannot place a patch at " + patchAt + " of " + size);
    }
    List<KeyValue> out = new ArrayList<>();
    int prefix = patchAt - 100;
    int entry = 1000;
    int suffix = size - prefix - entry;
    if (suffix < 0) {
      entry += suffix;
      suffix = 0;
    } else if (suffix < MIN_ENTRY) {
      entry += suffix;
      suffix = 0;
    }
    fill(out, prefix, -1, null);
    fill(out, entry, patchAt - prefix, patch);
    fill(out, suffix, -1, null);
    return out;
  }

  private void fill(List<KeyValue> out, int size, int patchAt, byte[] patch) {
    int maxEntry = EntryCodec.putSize(8, 99, Limits.MAX_VALUE_LEN);
    int left = size;
    while (left > 0) {
      int s;
      if (left <= maxEntry) {
        s = left;
      } else if (left - maxEntry >= MIN_ENTRY) {
        s = maxEntry;
      } else {
        s = left - MIN_ENTRY;
      }
      out.add(entryOfSize(s, patchAt, patch));
      patchAt = -1;
      left -= s;
    }
  }

  /** One item whose entry encoding is exactly {@code size} bytes. */
  private KeyValue entryOfSize(int size, int patchAt, byte[] patch) {
    long n = counter++;
    long ts = n % 11 == 5 ? -1L : n % 100;
    if (patch == null && tombstones && size <= 300 && rnd.nextInt(3) == 0) {
      for (int k = 8; k <= 300; k++) {
        if (EntryCodec.delSize(k, ts) == size) {
          return KeyValue.del(key(n, k), ts);
        }
      }
    }
    for (int k = 8; k <= 12; k++) {
      int lo = 0;
      int hi = Limits.MAX_VALUE_LEN;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (EntryCodec.putSize(k, ts, mid) < size) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (EntryCodec.putSize(k, ts, lo) == size) {
        byte[] value = new byte[lo];
        rnd.nextBytes(value);
        if (patch != null) {
          int valueStart = size - lo;
          int at = patchAt - valueStart;
          if (at < 0 || at + patch.length > lo) {
            throw new IllegalStateException("patch does not fall inside the value");
          }
          System.arraycopy(patch, 0, value, at, patch.length);
        }
        return KeyValue.put(key(n, k), ts, value);
      }
    }
    throw new IllegalArgumentException("no entry of exactly " + size + " bytes");
  }

  private static byte[] key(long n, int length) {
    byte[] k = new byte[length];
    ByteBuffer.wrap(k).putLong(n);
    for (int i = 8; i < length; i++) {
      k[i] = (byte) ('a' + i);
    }
    return k;
  }

  /** The encoded batch of {@code items}, as the writer will store it. */
  public static WriteBatch batch(List<KeyValue> items) throws SstException {
    WriteBatch b = new WriteBatch();
    for (KeyValue kv : items) {
      b.add(kv);
    }
    return b;
  }

  /** Appends {@code items} as one batch and records where it went. */
  public Record append(List<KeyValue> items) throws SstException {
    WriteBatch b = batch(items);
    long start = predictedRecordStart(position(), b.sizeInBytes());
    writer.append(b);
    Record r = new Record(start, position(), List.copyOf(items));
    records.add(r);
    return r;
  }

  /** Appends one batch of exactly {@code size} bytes. */
  public Record appendOfSize(int size) throws SstException {
    return append(itemsOfSize(size));
  }

  /**
   * Appends WHOLE records that end exactly at {@code target}, which must lie in the current block
   * (or be its end) and at least {@code frameLength(MIN_ENTRY)} bytes ahead (or equal).
   */
  public void padTo(long target) throws SstException {
    long nb = (position() / B + 1) * B;
    if (target > nb || target < position()) {
      throw new IllegalArgumentException("cannot pad from " + position() + " to " + target);
    }
    int minFrame = frameLength(MIN_ENTRY);
    while (position() < target) {
      long gap = target - position();
      int f;
      if (gap <= B + 12 && payloadFor((int) gap) >= MIN_ENTRY) {
        f = (int) gap;
      } else {
        f = (int) Math.min(gap - minFrame, 512 * 1024);
        if (payloadFor(f) < 0) {
          f--;
        }
      }
      int p = payloadFor(f);
      if (p < MIN_ENTRY) {
        throw new IllegalArgumentException("cannot pad a gap of " + gap + " bytes");
      }
      appendOfSize(p);
    }
  }

  /** The payload length whose WHOLE frame is exactly {@code frame} bytes, or -1 if none. */
  static int payloadFor(int frame) {
    for (int hlen = 9; hlen <= 11; hlen++) {
      int p = frame - 1 - hlen;
      if (p >= 0 && frameLength(p) == frame) {
        return p;
      }
    }
    return -1;
  }

  /** Every item written, in log order. */
  public List<KeyValue> allItems() {
    List<KeyValue> out = new ArrayList<>();
    for (Record r : records) {
      out.addAll(r.items);
    }
    return out;
  }

  /** The setsum of every item written, computed from the items. */
  public Setsum expectedSetsum() {
    Setsum s = new Setsum();
    for (KeyValue kv : allItems()) {
      s.insert(kv);
    }
    return s;
  }

  /** Seals the log and returns the writer's setsum. */
  public Setsum seal() throws SstException {
    return writer.seal();
  }

  @Override
  public void close() throws SstException {
    writer.close();
  }
}
