package dev.sstbeam.benchmarks;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Splits a log into N logs, dealing its records (write batches, kept whole) round-robin, for
 * benchmarking a conversion of several inputs. The setsums of the parts add up to the whole.
 *
 * <pre>java -cp benchmarks.jar dev.sstbeam.benchmarks.SplitBenchLog bench.log OUTDIR 8</pre>
 */
public final class SplitBenchLog {
  private SplitBenchLog() {}

  public static void main(String[] args) throws Exception {
    Path in = Paths.get(args[0]);
    Path dir = Files.createDirectories(Paths.get(args[1]));
    int n = Integer.parseInt(args[2]);
    LogWriter[] out = new LogWriter[n];
    for (int i = 0; i < n; i++) {
      out[i] = LogWriter.create(dir.resolve(i + ".log"));
    }
    long record = -1;
    long lastStart = -1;
    WriteBatch batch = new WriteBatch();
    try (LogReader reader = LogReader.open(in)) {
      for (KeyValue kv = reader.next(); kv != null; kv = reader.next()) {
        if (reader.recordStart() != lastStart) {
          if (!batch.isEmpty()) {
            out[(int) (record % n)].append(batch);
            batch = new WriteBatch();
          }
          lastStart = reader.recordStart();
          record++;
        }
        batch.add(kv);
      }
    }
    if (!batch.isEmpty()) {
      out[(int) (record % n)].append(batch);
    }
    Setsum total = new Setsum();
    for (LogWriter w : out) {
      total.add(w.seal());
    }
    System.out.println("split " + (record + 1) + " records of " + in + " into " + n + " logs in "
        + dir + "; setsum " + total.hexDigest());
  }
}
