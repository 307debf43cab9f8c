package dev.sstbeam.format.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes a {@link BufferedFileOutput} writes, with and without write-behind, and its failures. */
class BufferedFileOutputTest {
  @TempDir Path dir;

  @Test
  void writeBehindWritesTheSameBytesInTheSameOrderAsWritingInPlace() throws IOException {
    byte[] data = new byte[3 << 20];
    new Random(5).nextBytes(data);
    for (boolean behind : new boolean[] {false, true}) {
      Path file = dir.resolve("out-" + behind);
      // A file: positional writes, two in flight.
      try (BufferedFileOutput out = new BufferedFileOutput(
          Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 4096)) {
        writeInPieces(behind ? out.writeBehind() : out, data);
        out.sync(true);
      }
      assertArrayEquals(data, Files.readAllBytes(file), "to a file, write-behind " + behind);
      // Any other channel: one write in flight, in order.
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      try (BufferedFileOutput out = new BufferedFileOutput(Channels.newChannel(stream), 4096)) {
        writeInPieces(behind ? out.writeBehind() : out, data);
        out.flush();
      }
      assertArrayEquals(data, stream.toByteArray(), "to a stream, write-behind " + behind);
    }
  }

  @Test
  void afterAFlushTheFilesOwnPositionIsTheEndWritten() throws IOException {
    Path file = dir.resolve("position");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      BufferedFileOutput out = new BufferedFileOutput(channel, 64).writeBehind();
      out.write(new byte[1000]);
      out.flush();
      assertEquals(1000, channel.position());
    }
  }

  /** Small writes, writes of the buffer's size and more, and flushes between them. */
  private static void writeInPieces(BufferedFileOutput out, byte[] data) throws IOException {
    Random random = new Random(6);
    int at = 0;
    while (at < data.length) {
      int len = Math.min(data.length - at,
          random.nextInt(8) == 0 ? 4096 + random.nextInt(9000) : random.nextInt(700));
      out.write(data, at, len);
      at += len;
      if (random.nextInt(50) == 0) {
        out.flush();
      }
    }
    assertEquals(data.length, out.written());
  }

  @Test
  void aFailedBackgroundWriteIsThrownByTheNextFlush() throws IOException {
    IOException full = new IOException("No space left on device");
    AtomicInteger writes = new AtomicInteger();
    WritableByteChannel failing = new ChannelWriting(Channels.newChannel(new ByteArrayOutputStream())) {
      @Override
      public int write(ByteBuffer src) throws IOException {
        if (writes.incrementAndGet() == 2) {
          throw full;
        }
        return super.write(src);
      }
    };
    BufferedFileOutput out = new BufferedFileOutput(failing, 64).writeBehind();
    byte[] chunk = new byte[40];
    IOException thrown = assertThrows(IOException.class, () -> {
      for (int i = 0; i < 10; i++) {
        out.write(chunk);
      }
      out.flush();
    });
    assertSame(full, thrown);
    out.close();
    assertTrue(writes.get() >= 2);
  }

  /** A channel that passes writes on (to be overridden). */
  private static class ChannelWriting implements WritableByteChannel {
    private final WritableByteChannel target;

    ChannelWriting(WritableByteChannel target) {
      this.target = target;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return target.write(src);
    }

    @Override
    public boolean isOpen() {
      return target.isOpen();
    }

    @Override
    public void close() throws IOException {
      target.close();
    }
  }
}
