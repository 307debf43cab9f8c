package dev.sstbeam.format.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Buffered, positioned reading of a log with absolute offsets, over a local file or any seekable
 * channel (e.g. one from Beam's FileSystems). A {@link FileChannel} is read with positional reads.
 * The size is taken once at open: a reader never reads past the length the file had then.
 */
final class LogInput implements Closeable {
  private final Object name;
  private final SeekableByteChannel channel;
  private final boolean ownsChannel;
  private final long size;
  private final byte[] buf;
  private final ByteBuffer view;
  private long bufStart;
  private int bufLen;
  private long pos;

  LogInput(Object name, SeekableByteChannel channel, boolean owns, int bufferSize)
      throws IOException {
    this(name, channel, owns, channel.size(), null, bufferSize);
  }

  private LogInput(Object name, SeekableByteChannel channel, boolean owns, long size, byte[] buf,
      int bufferSize) {
    this.name = name;
    this.channel = channel;
    this.ownsChannel = owns;
    this.size = size;
    this.buf = buf != null ? buf : new byte[bufferLength(bufferSize, size)];
    this.view = ByteBuffer.wrap(this.buf);
  }

  /** The buffer a reader of a file of {@code size} bytes gets for a read buffer of that size. */
  static int bufferLength(int bufferSize, long size) {
    return (int) Math.max(64, Math.min(bufferSize, Math.max(size, 64)));
  }

  static LogInput open(Path path, int bufferSize) throws IOException {
    return open(path, null, bufferSize);
  }

  /**
   * Opens {@code path} reading through {@code buf} (a reader's own, reused from one range to the
   * next; at least 64 bytes), or a new buffer of {@code bufferSize} when it is null.
   */
  static LogInput open(Path path, byte[] buf, int bufferSize) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new LogInput(path, ch, true, ch.size(), buf, bufferSize);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The file's name for error messages (a Path, or a string for other channels). */
  Object path() {
    return name;
  }

  long size() {
    return size;
  }

  long position() {
    return pos;
  }

  /** Moves to {@code newPos}, which may lie past the end (reads then see end of file). */
  void seek(long newPos) {
    pos = newPos;
  }

  /** The next byte (0..255), or -1 at end of file. */
  int read() throws IOException {
    if (pos >= size) {
      return -1;
    }
    if (pos < bufStart || pos >= bufStart + bufLen) {
      fill(pos);
      if (bufLen == 0) {
        return -1; // the file shrank after it was opened
      }
    }
    return buf[(int) (pos++ - bufStart)] & 0xff;
  }

  /**
   * Copies up to {@code len} bytes to {@code dst}; returns how many were available (fewer only at
   * end of file). The position advances by that many.
   */
  int read(byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len && pos < size) {
      if (pos < bufStart || pos >= bufStart + bufLen) {
        if (len - done >= buf.length) {
          // Large reads go straight to the destination.
          int n = readAt(ByteBuffer.wrap(dst, off + done, (int) Math.min(len - done, size - pos)), pos);
          if (n == 0) {
            break; // the file shrank after it was opened
          }
          pos += n;
          done += n;
          continue;
        }
        fill(pos);
        if (bufLen == 0) {
          break;
        }
      }
      int inBuf = (int) (bufStart + bufLen - pos);
      int n = Math.min(inBuf, len - done);
      System.arraycopy(buf, (int) (pos - bufStart), dst, off + done, n);
      pos += n;
      done += n;
    }
    return done;
  }

  private void fill(long at) throws IOException {
    view.clear();
    view.limit((int) Math.min(buf.length, size - at));
    bufStart = at;
    bufLen = 0;
    bufLen = readAt(view, at);
  }

  private int readAt(ByteBuffer dst, long at) throws IOException {
    int total = 0;
    FileChannel fc = channel instanceof FileChannel ? (FileChannel) channel : null;
    if (fc == null) {
      channel.position(at);
    }
    while (dst.hasRemaining()) {
      int n = fc != null ? fc.read(dst, at + total) : channel.read(dst);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    if (ownsChannel) {
      channel.close();
    }
  }
}
