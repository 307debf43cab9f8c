package dev.sstbeam.examples;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes a log the Rust sst crate can read, then reads it back.
 *
 * <pre>java ... dev.sstbeam.examples.WriteALog /tmp/example.log</pre>
 */
public final class WriteALog {
  private WriteALog() {}

  public static void main(String[] args) throws Exception {
    Path path = Paths.get(args.length > 0 ? args[0] : "example.log");

    // A log is a sequence of write batches; each batch is appended atomically as one record.
    // LogWriter.create refuses to overwrite an existing file, like the Rust LogBuilder.
    LogWriter log = LogWriter.create(path);
    for (int b = 0; b < 10; b++) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < 100; i++) {
        byte[] key = ("user" + (b * 100 + i)).getBytes(StandardCharsets.UTF_8);
        long timestamp = 1_000 + b;           // an unsigned 64-bit number; newer is bigger
        if (i % 10 == 9) {
          batch.del(key, timestamp);          // a tombstone: the key is deleted at this time
        } else {
          batch.put(key, timestamp, ("value of " + i).getBytes(StandardCharsets.UTF_8));
        }
      }
      log.append(batch);
    }
    log.fsync();                              // durable on disk
    Setsum written = log.seal();              // the setsum of everything appended

    // Reading returns the records in log order. The setsum proves nothing was lost.
    Setsum read = new Setsum();
    long count = 0;
    try (LogReader reader = LogReader.open(path)) {
      for (KeyValue kv = reader.next(); kv != null; kv = reader.next()) {
        read.insert(kv);
        count++;
      }
    }
    System.out.println("wrote and read " + count + " records; setsum " + read.hexDigest()
        + (read.equals(written) ? " (matches the writer's)" : " (DIFFERENT)"));
  }
}
