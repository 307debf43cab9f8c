package dev.sstbeam.pipelines.demo;

import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.EntryCodec;
import java.nio.file.Path;

/**
 * Writes the demo's sample log: {@code records} records from {@link DemoRecords} in batches of
 * varied sizes, and half-way through the one case a block-range reader must get exactly right — a
 * batch of exactly 1 MiB (the largest a WriteBatch holds) appended 20 bytes before a block
 * boundary, so that its FIRST frame carries 1 byte and its SECOND frame, 1,048,587 bytes long,
 * starts on that boundary and runs 11 bytes past the next one (FORMAT.md §4.3 item 5). Filler
 * records of computed sizes bring the log to that offset.
 */
public final class DemoLog {
  private static final long B = Limits.LOG_BLOCK_SIZE;
  /** Where the 1 MiB batch must start: this many bytes before a boundary (r = 20 in §4.3). */
  private static final int FULL_BATCH_GAP = 20;
  private static final int MIN_FILL = 64;
  private static final int MAX_FILL = 20_000;

  private final LogWriter log;
  private final DemoRecords source;
  private final WriteBatch batch = new WriteBatch();
  private long records;
  private long puts;
  private long tombstones;
  private long batches;
  private long fillerRecords;
  private long fullBatchStart = -1;
  private long fullBatchRecords;

  private DemoLog(LogWriter log, DemoRecords source) {
    this.log = log;
    this.source = source;
  }

  /** Writes {@code records} (at least 1000) records to a new log at {@code path}. */
  public static Written write(Path path, int records, long seed) throws SstException {
    if (records < 1000) {
      throw new IllegalArgumentException("the demo needs at least 1000 records, got " + records);
    }
    long start = System.nanoTime();
    try (LogWriter log = LogWriter.create(path)) {
      DemoLog demo = new DemoLog(log, new DemoRecords(seed, records));
      demo.writeAll(records);
      log.fsync();
      long size = log.approximateSize();
      Setsum setsum = log.seal();
      return new Written(demo, path, size, setsum, System.nanoTime() - start);
    }
  }

  private void writeAll(int target) throws SstException {
    while (records < target) {
      if (fullBatchStart < 0 && records >= target / 2) {
        moveToBoundaryMinus(FULL_BATCH_GAP);
        appendFullBatch();
        continue;
      }
      int n = (int) Math.min(source.nextBatchSize(), target - records);
      batch.clear();
      for (int i = 0; i < n; i++) {
        byte[] key = source.nextKey();
        long ts = source.nextTimestamp();
        if (source.nextIsTombstone()) {
          startNewBatchUnlessFits(EntryCodec.delSize(key.length, ts));
          batch.del(key, ts);
          tombstones++;
        } else {
          byte[] value = source.nextValue();
          startNewBatchUnlessFits(EntryCodec.putSize(key.length, ts, value.length));
          batch.put(key, ts, value);
          puts++;
        }
      }
      append();
    }
  }

  /** Batches hold at most 1 MiB: appends the batch so far when the next entry would not fit. */
  private void startNewBatchUnlessFits(int entrySize) throws SstException {
    if (batch.sizeInBytes() + entrySize > Limits.LOG_BLOCK_SIZE) {
      append();
      batch.clear();
    }
  }

  private void append() throws SstException {
    if (batch.isEmpty()) {
      return;
    }
    log.append(batch);
    records += batch.count();
    batches++;
  }

  /** Appends single-put filler batches until the log ends exactly {@code gap} bytes before a boundary. */
  private void moveToBoundaryMinus(int gap) throws SstException {
    while (true) {
      long pos = log.approximateSize();
      long room = (pos / B + 1) * B - gap - pos;
      long ts = source.nextTimestamp();
      ExactSizePut put;
      if (room < MIN_FILL) {
        // Too close to (or past) the target: step into the next block with any small record.
        put = ExactSizePut.forFrame(MIN_FILL + 100, ts);
      } else if (room > MAX_FILL) {
        put = ExactSizePut.forFrame(MAX_FILL - MIN_FILL, ts);
      } else {
        put = ExactSizePut.forFrame(room, ts);
      }
      appendFiller(put, ts);
      if (room >= MIN_FILL && room <= MAX_FILL) {
        if (log.approximateSize() % B != B - gap) {
          throw new IllegalStateException("demo bug: filler missed its offset");
        }
        return;
      }
    }
  }

  private void appendFiller(ExactSizePut put, long ts) throws SstException {
    batch.clear();
    batch.put(DemoRecords.numbered("filler", fillerRecords, put.keyLength), ts,
        source.value(put.valueLength));
    fillerRecords++;
    puts++;
    append();
  }

  /** One batch of exactly 1,048,576 bytes of 32 KiB-ish puts. */
  private void appendFullBatch() throws SstException {
    batch.clear();
    int n = 0;
    while (batch.sizeInBytes() < Limits.LOG_BLOCK_SIZE) {
      long rest = Limits.LOG_BLOCK_SIZE - batch.sizeInBytes();
      long ts = source.nextTimestamp();
      ExactSizePut put;
      if (rest > 60_000) {
        put = ExactSizePut.forEntry(32_000, ts);
      } else {
        put = ExactSizePut.forEntry(rest, ts);
        if (put == null || rest > ExactSizePut.maxEntry(ts)) {
          put = ExactSizePut.forEntry(rest / 2, ts);
        }
      }
      batch.put(DemoRecords.numbered("bulk", n++, put.keyLength), ts,
          source.value(put.valueLength));
    }
    if (batch.sizeInBytes() != Limits.LOG_BLOCK_SIZE) {
      throw new IllegalStateException("demo bug: full batch has " + batch.sizeInBytes() + " bytes");
    }
    fullBatchStart = log.approximateSize();
    fullBatchRecords = batch.count();
    puts += batch.count();
    append();
    // FIRST (11 bytes with its 1 payload byte) and 9 padding bytes reach the boundary; the SECOND
    // (12 + B - 1 bytes) starts there and runs 11 bytes past the next boundary.
    long boundary = fullBatchStart + FULL_BATCH_GAP;
    if (log.approximateSize() != boundary + B + 11) {
      throw new IllegalStateException("demo bug: the 1 MiB batch did not land as planned");
    }
  }

  /** What {@link #write} wrote. */
  public static final class Written {
    public final Path path;
    public final long records;
    public final long puts;
    public final long tombstones;
    public final long batches;
    public final long fillerRecords;
    public final long distinctUserKeys;
    public final long userKeysWithSeveralVersions;
    /** Offset of the 1 MiB batch's FIRST frame; its SECOND starts 20 bytes later, on a boundary. */
    public final long fullBatchStart;
    public final long fullBatchRecords;
    public final long fileSize;
    public final Setsum setsum;
    public final long nanos;

    private Written(DemoLog d, Path path, long fileSize, Setsum setsum, long nanos) {
      this.path = path;
      this.records = d.records;
      this.puts = d.puts;
      this.tombstones = d.tombstones;
      this.batches = d.batches;
      this.fillerRecords = d.fillerRecords;
      this.distinctUserKeys = d.source.distinctKeys();
      this.userKeysWithSeveralVersions = d.source.keysWithSeveralVersions();
      this.fullBatchStart = d.fullBatchStart;
      this.fullBatchRecords = d.fullBatchRecords;
      this.fileSize = fileSize;
      this.setsum = setsum;
      this.nanos = nanos;
    }

    /** The boundary at which the 1 MiB batch's SECOND frame starts. */
    public long fullBatchSecondFrame() {
      return fullBatchStart + FULL_BATCH_GAP;
    }
  }
}
