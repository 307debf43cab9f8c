package dev.sstbeam.format.log;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.io.BufferedFileOutput;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.Bytes;
import dev.sstbeam.format.wire.Crc32c;
import dev.sstbeam.format.wire.Varint;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends write batches to a log exactly as the Rust {@code LogBuilder} does (FORMAT.md §4.3), so
 * the same batches give the same bytes.
 *
 * <p>A log is a sequence of frames packed into 1 MiB blocks; block {@code k} is
 * {@code [k·B, (k+1)·B)}. One batch becomes one record:
 *
 * <pre>
 * frame  = hlen(1) || 50 varint(size) 58 varint(disc) 65 LE32(crc32c(payload)) || payload
 * record = WHOLE frame                                  (fits before the next boundary)
 *        | FIRST frame || 00 * (7..9) || SECOND frame   (FIRST takes r-19 bytes, r = bytes left)
 * pad    = 00 * r, 1 ≤ r ≤ 19, when a WHOLE does not fit and the block has ≤ 19 bytes left
 * </pre>
 *
 * The CRC covers one frame's payload only. Files are created with create-new semantics, like Rust:
 * an existing log is never appended to. Not thread-safe; see {@link ConcurrentLogWriter}.
 *
 * <p>The running setsum ({@link #setsum()}, {@link #seal()}) is hashed on background daemon
 * threads shared by every writer (see BackgroundBatchHasher), so the caller does not wait for
 * SHA3 while it makes and frames the next batches.
 */
public final class LogWriter implements Closeable {
  static final int WHOLE = 1;
  static final int FIRST = 2;
  static final int SECOND = 3;
  private static final long B = Limits.LOG_BLOCK_SIZE;
  private static final int H = Limits.LOG_HEADER_MAX_SIZE;

  private final Object path;
  private final WritableByteChannel channel;
  private final LogOptions options;
  private final BufferedFileOutput out;
  private final byte[] header = new byte[H];
  private final Setsum setsum = new Setsum(); // of batches appended with a known setsum
  private final BackgroundBatchHasher hasher = new BackgroundBatchHasher(); // of the others
  private long pos;
  private boolean closed;

  private LogWriter(Object path, WritableByteChannel channel, LogOptions options) {
    this.path = path;
    this.channel = channel;
    this.options = options;
    this.out = new BufferedFileOutput(channel, options.writeBuffer());
  }

  /**
   * Writes the file on a background thread from now on: each full write buffer is written while
   * the next one fills ({@link BufferedFileOutput#writeBehind()}; one more buffer of {@link
   * LogOptions#writeBuffer()}). For a writer with a core to spare. A failed write is reported by
   * the next call that writes, flushes or seals. No effect on the bytes written.
   */
  public LogWriter writeBehind() {
    out.writeBehind();
    return this;
  }

  /** Creates a new log at {@code path} with default options; fails if the file exists. */
  public static LogWriter create(Path path) throws SstException {
    return create(path, LogOptions.DEFAULT);
  }

  /** Creates a new log at {@code path}; fails with system-error if the file exists. */
  public static LogWriter create(Path path, LogOptions options) throws SstException {
    try {
      FileChannel ch =
          FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new LogWriter(path, ch, options);
    } catch (IOException e) {
      throw SystemErrors.of(e, path, -1);
    }
  }

  /**
   * A log written to {@code channel}, which must be empty (offsets are absolute from its start);
   * {@code name} is used in error messages. {@link #fsync()} syncs only a {@link FileChannel}.
   * {@link #seal()} closes the channel.
   */
  public static LogWriter open(WritableByteChannel channel, String name, LogOptions options) {
    return new LogWriter(name, channel, options);
  }

  /**
   * Appends {@code batch} as one record. Fails with empty-batch, or table-full when the record
   * would end at or beyond TABLE_FULL_SIZE or beyond the rollover size; then nothing is written.
   */
  public void append(WriteBatch batch) throws SstException {
    appendRecord(batch);
    hasher.add(batch.bytes(), batch.sizeInBytes());
  }

  /**
   * Appends {@code batch}, whose setsum the caller has already computed ({@link
   * ConcurrentLogWriter}: each appending thread hashes its own batch).
   */
  void append(WriteBatch batch, Setsum batchSetsum) throws SstException {
    appendRecord(batch);
    setsum.add(batchSetsum);
  }

  private void appendRecord(WriteBatch batch) throws SstException {
    if (batch.isEmpty()) {
      throw SstException.of(ErrorCode.EMPTY_BATCH).file(path).build();
    }
    appendPayload(batch.bytes(), batch.sizeInBytes());
  }

  private void appendPayload(byte[] payload, int len) throws SstException {
    while (true) {
      int hlen = headerLength(len);
      long nextBoundary = (pos / B + 1) * B;
      long end = pos + 1 + hlen + len;
      if (end >= Limits.TABLE_FULL_SIZE) {
        throw tableFull(end, Limits.TABLE_FULL_SIZE);
      }
      if (end > options.rolloverSize()) {
        throw tableFull(end, options.rolloverSize());
      }
      if (end <= nextBoundary) {
        writeFrame(WHOLE, payload, 0, len);
        return;
      }
      int r = (int) (nextBoundary - pos);
      if (r <= H) {
        writeZeros(r);
        continue;
      }
      int first = r - H;
      writeFrame(FIRST, payload, 0, first);
      writeZeros((int) (nextBoundary - pos));
      writeFrame(SECOND, payload, first, len - first);
      return;
    }
  }

  /** hlen = 8 + varint_len(size) for the discriminants the writer uses. */
  private static int headerLength(int size) {
    return 8 + Varint.length(size);
  }

  private void writeFrame(int discriminant, byte[] payload, int off, int len) throws SstException {
    int h = 1;
    header[h++] = 0x50;
    h = Varint.write(header, h, len);
    header[h++] = 0x58;
    header[h++] = (byte) discriminant;
    header[h++] = 0x65;
    Bytes.putLE32(header, h, Crc32c.of(payload, off, len));
    h += 4;
    header[0] = (byte) (h - 1);
    write(header, 0, h);
    write(payload, off, len);
  }

  private void writeZeros(int n) throws SstException {
    for (int i = 0; i < n; i++) {
      header[i] = 0;
    }
    write(header, 0, n);
  }

  private void write(byte[] b, int off, int len) throws SstException {
    ensureOpen();
    pos += len;
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw SystemErrors.of(e, path, pos);
    }
  }

  /** Hands buffered bytes to the operating system. */
  public void flush() throws SstException {
    ensureOpen();
    try {
      out.flush();
    } catch (IOException e) {
      throw SystemErrors.of(e, path, pos);
    }
  }

  /** Flushes, then forces the file's data to stable storage. */
  public void fsync() throws SstException {
    flush();
    try {
      if (channel instanceof FileChannel) {
        ((FileChannel) channel).force(false);
      }
    } catch (IOException e) {
      throw SystemErrors.of(e, path, pos);
    }
  }

  /**
   * Forces bytes already handed to the OS to stable storage, without flushing: it touches only
   * the channel (which is thread-safe), so {@link ConcurrentLogWriter} may call it while another
   * thread appends.
   */
  void force() throws SstException {
    try {
      if (channel instanceof FileChannel) {
        ((FileChannel) channel).force(false);
      }
    } catch (IOException e) {
      throw SystemErrors.of(e, path, -1);
    }
  }

  /** Bytes written so far, headers and padding included (Rust's {@code approximate_size}). */
  public long approximateSize() {
    return pos;
  }

  /**
   * The sum of the setsums of all appended batches so far; a copy. Waits for the background
   * hashing of the batches appended so far; an interrupt while waiting fails with
   * IllegalStateException (the interrupt status is kept).
   */
  public Setsum setsum() {
    return hasher.setsum().add(setsum);
  }

  /** The log's name: its Path, or the name given with a channel. */
  public Object path() {
    return path;
  }

  /**
   * Flushes and closes the log and returns its setsum, like Rust's {@code seal} (which does not
   * sync: call {@link #fsync()} first for durability).
   */
  public Setsum seal() throws SstException {
    flush();
    close();
    return setsum();
  }

  /** Closes without flushing buffered bytes if the log was not sealed. Idempotent. */
  @Override
  public void close() throws SstException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw SystemErrors.of(e, path, pos);
    }
  }

  private void ensureOpen() throws SstException {
    if (closed) {
      throw SstException.of(ErrorCode.SYSTEM_ERROR)
          .field("kind", "Other")
          .field("message", "log writer is closed")
          .file(path)
          .build();
    }
  }

  private SstException tableFull(long size, long limit) {
    return SstException.of(ErrorCode.TABLE_FULL)
        .unsignedField("size", size)
        .unsignedField("limit", limit)
        .file(path)
        .at(pos)
        .build();
  }
}
