package dev.sstbeam.format.log;

/**
 * The Rust {@code LogOptions} of FORMAT.md §4.4. Buffer sizes only affect performance; the
 * rollover size is a hard limit on where a record may end.
 */
public final class LogOptions {
  /** The Rust defaults: 2 MiB write and read buffers, rollover at 1 GiB. */
  public static final LogOptions DEFAULT = new LogOptions(2 << 20, 2 << 20, 1L << 30);

  private final int writeBuffer;
  private final int readBuffer;
  private final long rolloverSize;

  private LogOptions(int writeBuffer, int readBuffer, long rolloverSize) {
    if (writeBuffer < 1 || readBuffer < 1) {
      throw new IllegalArgumentException("buffer sizes must be positive");
    }
    if (rolloverSize < 0) {
      throw new IllegalArgumentException("rollover size must not be negative (unsigned > 2^63)");
    }
    this.writeBuffer = writeBuffer;
    this.readBuffer = readBuffer;
    this.rolloverSize = rolloverSize;
  }

  public int writeBuffer() {
    return writeBuffer;
  }

  public int readBuffer() {
    return readBuffer;
  }

  public long rolloverSize() {
    return rolloverSize;
  }

  public LogOptions withWriteBuffer(int bytes) {
    return new LogOptions(bytes, readBuffer, rolloverSize);
  }

  public LogOptions withReadBuffer(int bytes) {
    return new LogOptions(writeBuffer, bytes, rolloverSize);
  }

  public LogOptions withRolloverSize(long bytes) {
    return new LogOptions(writeBuffer, readBuffer, bytes);
  }

  @Override
  public String toString() {
    return "LogOptions{write_buffer: " + writeBuffer + ", read_buffer: " + readBuffer
        + ", rollover_size: " + rolloverSize + "}";
  }
}
