package dev.sstbeam.pipelines.demo;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.nio.file.Path;

/**
 * The demo's other logs, so that the conversion has several inputs: a later log of new versions
 * of the same user keys, and a "replayed" log repeating the start of that one — exact duplicates,
 * which the conversion drops and counts.
 */
public final class MoreDemoLogs {
  /** Timestamps of the later log start here, after every timestamp of the first log. */
  private static final long LATER_CLOCK = 1_800_000_000_000_000L;

  private MoreDemoLogs() {}

  /** Writes {@code records} new versions of the demo's user keys; returns how many were written. */
  public static long writeLater(Path path, int records, long seed) throws SstException {
    DemoRecords source = new DemoRecords(seed, records * 4L > Integer.MAX_VALUE ? records : records * 4, LATER_CLOCK);
    LogWriter log = LogWriter.create(path);
    long written = 0;
    try {
      while (written < records) {
        WriteBatch batch = new WriteBatch();
        int n = (int) Math.min(source.nextBatchSize(), records - written);
        for (int i = 0; i < n; i++) {
          byte[] key = source.nextKey();
          long ts = source.nextTimestamp();
          if (source.nextIsTombstone()) {
            batch.del(key, ts);
          } else {
            batch.put(key, ts, source.nextValue());
          }
        }
        log.append(batch);
        written += n;
      }
      log.seal();
    } finally {
      log.close();
    }
    return written;
  }

  /** Writes the first {@code records} records of {@code from} again, one batch each. */
  public static long writeReplay(Path from, Path path, int records) throws SstException {
    LogWriter log = LogWriter.create(path);
    long written = 0;
    try (LogReader reader = LogReader.open(from)) {
      KeyValue kv;
      while (written < records && (kv = reader.next()) != null) {
        log.append(new WriteBatch().add(kv));
        written++;
      }
      log.seal();
    } finally {
      log.close();
    }
    return written;
  }
}
