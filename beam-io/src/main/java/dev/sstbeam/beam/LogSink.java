package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogOptions;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileIO;

/**
 * Writes records to one log file for {@link FileIO#write()}: consecutive records are grouped into
 * write batches of about {@code batchBytes} (each batch is one record of the log, FORMAT.md §4.1),
 * so the file is a log the Rust crate reads.
 */
final class LogSink implements FileIO.Sink<KeyValue> {
  private static final long serialVersionUID = 1L;

  private final int batchBytes;
  private transient LogWriter writer;
  private transient WriteBatch batch;

  LogSink(int batchBytes) {
    this.batchBytes = batchBytes;
  }

  @Override
  public void open(WritableByteChannel channel) {
    writer = LogWriter.open(channel, "log", LogOptions.DEFAULT);
    batch = new WriteBatch();
  }

  @Override
  public void write(KeyValue kv) throws IOException {
    if (!batch.isEmpty() && batch.sizeInBytes() + approximateSize(kv) > batchBytes) {
      writer.append(batch);
      batch = new WriteBatch();
    }
    batch.add(kv);
  }

  @Override
  public void flush() throws IOException {
    if (!batch.isEmpty()) {
      writer.append(batch);
      batch = new WriteBatch();
    }
    writer.flush();
  }

  private static int approximateSize(KeyValue kv) {
    return kv.key().length + (kv.isTombstone() ? 0 : kv.value().length) + 32;
  }
}
