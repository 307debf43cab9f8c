package dev.sstbeam.format.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A write buffer over a channel that counts the bytes written; writes at least as large as the
 * buffer go straight to the channel. {@link #sync} forces a {@link FileChannel}; other channels
 * (e.g. Beam's) are only flushed.
 */
public final class BufferedFileOutput implements Closeable {
  private final WritableByteChannel channel;
  private final byte[] buffer;
  private final ByteBuffer view;
  private int buffered;
  private long written;

  public BufferedFileOutput(WritableByteChannel channel, int bufferSize) {
    this.channel = channel;
    this.buffer = new byte[Math.max(64, bufferSize)];
    this.view = ByteBuffer.wrap(buffer);
  }

  /** Bytes handed to this output so far (buffered or not). */
  public long written() {
    return written;
  }

  public void write(byte[] b, int off, int len) throws IOException {
    written += len;
    if (len > buffer.length - buffered) {
      flush();
      if (len >= buffer.length) {
        writeFully(ByteBuffer.wrap(b, off, len));
        return;
      }
    }
    System.arraycopy(b, off, buffer, buffered, len);
    buffered += len;
  }

  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  /** Hands buffered bytes to the operating system. */
  public void flush() throws IOException {
    if (buffered > 0) {
      view.clear().limit(buffered);
      writeFully(view);
      buffered = 0;
    }
  }

  /** Flushes, then forces the file's data (and, if {@code metadata}, its metadata) to disk. */
  public void sync(boolean metadata) throws IOException {
    flush();
    if (channel instanceof FileChannel) {
      ((FileChannel) channel).force(metadata);
    }
  }

  private void writeFully(ByteBuffer bb) throws IOException {
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
  }

  /** Closes the channel without flushing. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
