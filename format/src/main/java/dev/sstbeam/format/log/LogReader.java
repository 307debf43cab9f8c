package dev.sstbeam.format.log;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.Crc32c;
import dev.sstbeam.format.wire.EntryCodec;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the items of a log in file order, with every corruption check of the Rust
 * {@code LogIterator} (FORMAT.md §4.5, §4.6) and the same error codes and offsets.
 *
 * <p>Items are decoded lazily, one at a time, so a bad entry fails after the good entries before it
 * in the same batch, as in Rust. A reader made by {@link LogRanges} starts at a record boundary
 * inside the file and stops before the first record that starts at or after its end bound.
 *
 * <p>Stricter than Rust, and never allocating more than the file holds: a frame whose announced
 * size runs past the end of the file is the same system-error (UnexpectedEof) Rust reports after
 * its read fails, and a frame larger than one block (which no writer produces) is
 * corruption-entry-size-exceeds-max.
 */
public final class LogReader implements Closeable {
  private static final long B = Limits.LOG_BLOCK_SIZE;
  private static final int H = Limits.LOG_HEADER_MAX_SIZE;

  private final LogInput input;
  private final long endBound;
  private final byte[] headerBytes = new byte[H];
  private final EntryCodec.DecodedEntry entry = new EntryCodec.DecodedEntry();
  private byte[] record = new byte[4096];
  private int recordLength;
  private int recordIndex;
  private long recordStart = -1;
  private long recordEnd = -1;
  private boolean finished;

  // The header of the frame read last.
  private long frameSize;
  private long frameDiscriminant;

  LogReader(LogInput input, long start, long endBound) {
    this.input = input;
    this.endBound = endBound;
    input.seek(start);
  }

  /** Opens {@code path} for reading from the start, with default options. */
  public static LogReader open(Path path) throws SstException {
    return open(path, LogOptions.DEFAULT);
  }

  /** Opens {@code path} for reading from the start. */
  public static LogReader open(Path path, LogOptions options) throws SstException {
    try {
      return new LogReader(LogInput.open(path, options.readBuffer()), 0, Long.MAX_VALUE);
    } catch (IOException e) {
      throw SystemErrors.of(e, path, -1);
    }
  }

  /**
   * Reads the log in {@code channel} from the start; {@code name} is used in error messages. The
   * reader owns the channel and closes it.
   */
  public static LogReader open(SeekableByteChannel channel, String name, LogOptions options)
      throws SstException {
    try {
      return new LogReader(new LogInput(name, channel, true, options.readBuffer()), 0, Long.MAX_VALUE);
    } catch (IOException e) {
      throw SystemErrors.of(e, name, -1);
    }
  }

  /** The next item, or null at the clean end of the log (or of the range). */
  public KeyValue next() throws SstException {
    if (!advance()) {
      return null;
    }
    byte[] key = Arrays.copyOfRange(record, entry.keyOffset, entry.keyOffset + entry.keyLength);
    if (!entry.put) {
      return KeyValue.del(key, entry.timestamp);
    }
    byte[] value =
        Arrays.copyOfRange(record, entry.valueOffset, entry.valueOffset + entry.valueLength);
    return KeyValue.put(key, entry.timestamp, value);
  }

  /**
   * Like {@link #next()}, but inserts the item into {@code s} instead of returning it, hashing key
   * and value where they lie in the record (no copies). Returns false at the end of the log.
   */
  public boolean addNextTo(Setsum s) throws SstException {
    if (!advance()) {
      return false;
    }
    if (entry.put) {
      s.insertPut(record, entry.keyOffset, entry.keyLength, entry.timestamp, record,
          entry.valueOffset, entry.valueLength);
    } else {
      s.insertDel(record, entry.keyOffset, entry.keyLength, entry.timestamp);
    }
    return true;
  }

  /** {@link #addNextTo(Setsum)} for a batching accumulator (which copies the item). */
  public boolean addNextTo(BatchedSetsum s) throws SstException {
    if (!skipToNext()) {
      return false;
    }
    addCurrentTo(s);
    return true;
  }

  /**
   * Decodes the next item without copying it out, so that a caller can look at where its record
   * lies ({@link #recordStart()}) before it takes the item with {@link #addCurrentTo}. Returns
   * false at the end of the log (or of the range).
   */
  public boolean skipToNext() throws SstException {
    return advance();
  }

  /**
   * The item {@link #skipToNext()} decoded, where it lies in the reader's record buffer ({@code
   * buffer}, with the key's and value's offsets and lengths): valid until the next call, and not to
   * be modified.
   */
  public EntryCodec.DecodedEntry current() {
    return entry;
  }

  /** Inserts the item {@link #skipToNext()} decoded into {@code s}, hashed where it lies. */
  public void addCurrentTo(BatchedSetsum s) {
    if (entry.put) {
      s.insertPut(record, entry.keyOffset, entry.keyLength, entry.timestamp, record,
          entry.valueOffset, entry.valueLength);
    } else {
      s.insertDel(record, entry.keyOffset, entry.keyLength, entry.timestamp);
    }
  }

  /** Decodes the next entry into {@code entry}, reading a record when needed; false at the end. */
  private boolean advance() throws SstException {
    if (recordIndex >= recordLength) {
      if (finished || !readRecord()) {
        finished = true;
        return false;
      }
    }
    decodeNextEntry();
    return true;
  }

  /** File offset of the first byte of the record the last item came from (-1 before any). */
  public long recordStart() {
    return recordStart;
  }

  /** File offset just past the record the last item came from (-1 before any). */
  public long recordEnd() {
    return recordEnd;
  }

  /** The current read position in the file. */
  public long position() {
    return input.position();
  }

  /** The length of the file when it was opened. */
  public long fileSize() {
    return input.size();
  }

  /** The file's name as given when opened (a Path or a string). */
  public Object path() {
    return input.path();
  }

  @Override
  public void close() throws SstException {
    try {
      input.close();
    } catch (IOException e) {
      throw SystemErrors.of(e, input.path(), -1);
    }
  }

  /** Reads the next record into the buffer; false at a clean end. */
  private boolean readRecord() throws SstException {
    recordLength = 0;
    recordIndex = 0;
    if (!readFrame(true)) {
      return false;
    }
    if (frameDiscriminant == LogWriter.FIRST) {
      trueUp();
      if (!readFrame(false)) {
        throw error(ErrorCode.CORRUPTION_TRUNCATION_NO_SECOND_HEADER)
            .offset(input.position())
            .build();
      }
      if (frameDiscriminant != LogWriter.SECOND) {
        throw invalidDiscriminant();
      }
    } else if (frameDiscriminant != LogWriter.WHOLE) {
      throw invalidDiscriminant();
    }
    recordEnd = input.position();
    return true;
  }

  /**
   * Rust's {@code next_frame}: skips padding, reads one header and its payload (appended to the
   * record buffer) and checks the CRC. Returns false at end of file, or — for the first frame of
   * a record — when the frame starts at or past this reader's end bound.
   */
  boolean readFrame(boolean recordHead) throws SstException {
    try {
      int hlen;
      while (true) {
        long at = input.position();
        if (recordHead && at >= endBound) {
          return false;
        }
        hlen = input.read();
        if (hlen < 0) {
          return false;
        }
        if (hlen == 0) {
          trueUp();
          continue;
        }
        if (recordHead) {
          recordStart = at;
        }
        break;
      }
      if (hlen > H) {
        throw error(ErrorCode.CORRUPTION_HEADER_SIZE_EXCEEDS_MAX)
            .field("header_size", hlen)
            .offset(input.position())
            .build();
      }
      if (input.read(headerBytes, 0, hlen) < hlen) {
        throw SystemErrors.unexpectedEof(input.path(), input.position());
      }
      decodeHeader(hlen);
      long size = frameSize;
      if (Long.compareUnsigned(size, Limits.TABLE_FULL_SIZE) > 0) {
        throw error(ErrorCode.CORRUPTION_ENTRY_SIZE_EXCEEDS_MAX)
            .unsignedField("size", size)
            .offset(input.position())
            .build();
      }
      if (size > input.size() - input.position()) {
        // Rust allocates and fails its read here; we fail before allocating.
        throw SystemErrors.unexpectedEof(input.path(), input.position());
      }
      if (size > B) {
        throw error(ErrorCode.CORRUPTION_ENTRY_SIZE_EXCEEDS_MAX)
            .unsignedField("size", size)
            .field("limit", B)
            .offset(input.position())
            .build();
      }
      int n = (int) size;
      ensureRecordCapacity(recordLength + n);
      if (input.read(record, recordLength, n) < n) {
        throw SystemErrors.unexpectedEof(input.path(), input.position());
      }
      int computed = Crc32c.of(record, recordLength, n);
      recordLength += n;
      if (computed != frameCrc) {
        throw error(ErrorCode.CORRUPTION_CRC_CHECKSUM_FAILED)
            .unsignedField("expected", frameCrc & 0xffffffffL)
            .unsignedField("computed", computed & 0xffffffffL)
            .offset(input.position())
            .build();
      }
      return true;
    } catch (IOException e) {
      throw SystemErrors.of(e, input.path(), input.position());
    }
  }

  private int frameCrc;

  /**
   * The header struct (size 10 uint64, discriminant 11 uint32, crc32c 12 fixed32), decoded like
   * prototk: any order, unknown fields skipped, last occurrence wins, absent fields 0, structural
   * errors fail (unpack-log-header).
   */
  private void decodeHeader(int hlen) throws SstException {
    frameSize = 0;
    frameDiscriminant = 0;
    frameCrc = 0;
    WireReader r = new WireReader(headerBytes, 0, hlen);
    try {
      while (r.hasRemaining()) {
        int tag = r.readTag();
        switch (tag) {
          case (10 << 3) | WireReader.WIRE_VARINT:
            frameSize = r.readVarint();
            break;
          case (11 << 3) | WireReader.WIRE_VARINT:
            long d = r.readVarint();
            if (Long.compareUnsigned(d, 0xffffffffL) > 0) {
              throw new WireException(
                  "(error (phase prototk) (code unsigned-overflow) (value "
                      + Long.toUnsignedString(d)
                      + "))");
            }
            frameDiscriminant = d;
            break;
          case (12 << 3) | WireReader.WIRE_THIRTY_TWO:
            frameCrc = r.readFixed32();
            break;
          default:
            r.skipValue(tag & 7);
        }
      }
    } catch (WireException e) {
      throw error(ErrorCode.UNPACK_LOG_HEADER)
          .field("message", e.getMessage())
          .at(input.position())
          .build();
    }
  }

  /** Rust's {@code true_up}: skip to the next boundary, which must be at most 19 bytes away. */
  private void trueUp() throws SstException {
    long offset = input.position();
    long truedUp = offset % B == 0 ? offset : (offset / B + 1) * B;
    if (truedUp - offset > H) {
      throw error(ErrorCode.CORRUPTION_TRUE_UP_EXCEEDS_HEADER_MAX)
          .offset(offset)
          .field("trued_up", truedUp)
          .build();
    }
    input.seek(truedUp);
  }

  private SstException invalidDiscriminant() {
    return error(ErrorCode.CORRUPTION_INVALID_DISCRIMINANT)
        .unsignedField("discriminant", frameDiscriminant)
        .offset(input.position())
        .build();
  }

  /** Decodes the record's next entry into {@code entry}, checking it as §4.6 says. */
  private void decodeNextEntry() throws SstException {
    if (recordIndex >= recordLength) {
      throw error(ErrorCode.EMPTY_BATCH).at(recordStart).build();
    }
    WireReader r = new WireReader(record, recordIndex, recordLength);
    try {
      EntryCodec.decode(r, entry);
    } catch (WireException e) {
      throw error(ErrorCode.UNPACK_KEY_VALUE_ENTRY)
          .field("message", e.getMessage())
          .at(recordStart)
          .build();
    }
    recordIndex = r.position();
    if (entry.shared != 0) {
      throw error(ErrorCode.CORRUPTION_SHARED_NOT_ZERO).at(recordStart).build();
    }
  }

  private void ensureRecordCapacity(int need) {
    if (need > record.length) {
      record = Arrays.copyOf(record, Math.max(need, Math.min(2 * record.length, (int) (2 * B))));
    }
  }

  private SstException.Builder error(ErrorCode code) {
    return SstException.of(code).file(input.path());
  }

  /** The discriminant of the frame read last (for {@link LogRepair}). */
  long lastDiscriminant() {
    return frameDiscriminant;
  }

  /** Forgets the payloads read so far (for {@link LogRepair}, which reads frame by frame). */
  void discardRecord() {
    recordLength = 0;
    recordIndex = 0;
  }
}
