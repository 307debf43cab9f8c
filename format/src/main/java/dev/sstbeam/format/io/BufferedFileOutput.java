package dev.sstbeam.format.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A write buffer over a channel that counts the bytes written; writes at least as large as the
 * buffer go straight to the channel. {@link #sync} forces a {@link FileChannel}; other channels
 * (e.g. Beam's) are only flushed.
 *
 * <p>{@link #writeBehind()} makes it write each full buffer on a background thread while the
 * caller fills a second one, so that the operating system's copy of the bytes (a third of a
 * table writer's time on some machines) overlaps the caller's work. At most one write is in
 * flight, and writes reach the channel in order; {@link #flush}, {@link #sync} and {@link #close}
 * wait for it, and a write that failed is thrown by the next call that hands over bytes or waits.
 */
public final class BufferedFileOutput implements Closeable {
  /** Threads for write-behind: made on demand, ended after a minute idle, never keep a JVM up. */
  private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sst-write-behind");
    t.setDaemon(true);
    return t;
  });

  private final WritableByteChannel channel;
  private byte[] buffer;
  private ByteBuffer view;
  private int buffered;
  private long written;
  /** The second buffer of write-behind (null until {@link #writeBehind()}), free or being written. */
  private byte[] spare;
  private ByteBuffer spareView;
  private Future<?> inFlight;

  public BufferedFileOutput(WritableByteChannel channel, int bufferSize) {
    this.channel = channel;
    this.buffer = new byte[Math.max(64, bufferSize)];
    this.view = ByteBuffer.wrap(buffer);
  }

  /** From now on, full buffers are written on a background thread (see above). */
  public BufferedFileOutput writeBehind() {
    if (spare == null) {
      spare = new byte[buffer.length];
      spareView = ByteBuffer.wrap(spare);
    }
    return this;
  }

  /** Bytes handed to this output so far (buffered or not). */
  public long written() {
    return written;
  }

  public void write(byte[] b, int off, int len) throws IOException {
    written += len;
    if (len > buffer.length - buffered) {
      handOver();
      if (len >= buffer.length) {
        awaitInFlight();
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

  /** Hands buffered bytes to the operating system, and waits until it has them. */
  public void flush() throws IOException {
    handOver();
    awaitInFlight();
  }

  /**
   * Passes the buffered bytes on: written here, or with write-behind, swapped for the spare
   * buffer once that one's write is done, and written in the background.
   */
  private void handOver() throws IOException {
    if (buffered == 0) {
      return;
    }
    if (spare == null) {
      view.clear().limit(buffered);
      writeFully(view);
      buffered = 0;
      return;
    }
    awaitInFlight();
    byte[] full = buffer;
    ByteBuffer fullView = view.clear().limit(buffered);
    buffer = spare;
    view = spareView;
    spare = full;
    spareView = fullView;
    buffered = 0;
    inFlight = WRITERS.submit(() -> {
      writeFully(fullView);
      return null;
    });
  }

  /** Waits for the write in flight, if any; throws what it failed with. */
  private void awaitInFlight() throws IOException {
    Future<?> f = inFlight;
    if (f == null) {
      return;
    }
    try {
      f.get();
      inFlight = null;
    } catch (InterruptedException e) {
      // Still in flight: close() waits for it before closing the channel.
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a write was in flight");
    } catch (ExecutionException e) {
      inFlight = null;
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException(cause);
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

  /**
   * Closes the channel without flushing, once a write in flight is done, interrupted or not
   * (whatever its outcome: the caller has either flushed, which threw any failure, or is giving
   * the file up).
   */
  @Override
  public void close() throws IOException {
    Future<?> f = inFlight;
    inFlight = null;
    boolean interrupted = false;
    while (f != null) {
      try {
        f.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break; // reported by flush() or sync() to a caller that asked
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    channel.close();
  }
}
