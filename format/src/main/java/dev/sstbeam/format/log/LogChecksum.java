package dev.sstbeam.format.log;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.parallel.Tasks;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The setsum and record count of a log, or of some of its blocks, computed by reading block ranges
 * on several threads (FORMAT.md §4.9) and adding their setsums — the same answer as a sequential
 * scan, since addition of setsums is order-independent.
 */
public final class LogChecksum {
  /** Blocks per task: small enough to balance two to a few dozen threads, large enough to amortise. */
  static final long BLOCKS_PER_TASK = 16;

  private final Setsum setsum;
  private final long records;

  private LogChecksum(Setsum setsum, long records) {
    this.setsum = setsum;
    this.records = records;
  }

  public Setsum setsum() {
    return setsum.copy();
  }

  public long records() {
    return records;
  }

  /** The whole log on {@code threads} threads. */
  public static LogChecksum of(Path path, int threads) throws SstException {
    LogRanges plan = LogRanges.plan(path);
    return of(plan, new BlockRange(0, plan.blocks()), threads);
  }

  /** The records owned by {@code range} on {@code threads} threads. */
  public static LogChecksum of(LogRanges plan, BlockRange range, int threads)
      throws SstException {
    long end = Math.min(range.endBlock(), plan.blocks());
    List<BlockRange> tasks = new ArrayList<>();
    for (long a = range.firstBlock(); a < end; a += BLOCKS_PER_TASK) {
      tasks.add(new BlockRange(a, Math.min(end, a + BLOCKS_PER_TASK)));
    }
    List<Scan> scans = Tasks.perThread(tasks.size(), Math.max(1, threads), () -> new Scan(plan),
        (scan, t) -> scan.range(tasks.get(t)));
    Setsum total = new Setsum();
    long count = 0;
    for (Scan scan : scans) {
      total.add(scan.setsum.setsum());
      count += scan.records;
    }
    return new LogChecksum(total, count);
  }

  /** One thread's part: its accumulator, and the read buffer its readers share in turn. */
  private static final class Scan {
    private final LogRanges plan;
    private final byte[] buffer;
    private final BatchedSetsum setsum = new BatchedSetsum();
    private long records;

    Scan(LogRanges plan) {
      this.plan = plan;
      this.buffer = new byte[plan.readBufferLength()];
    }

    void range(BlockRange range) throws SstException {
      try (LogReader reader = plan.open(range.firstBlock(), range.endBlock(), buffer)) {
        while (reader.addNextTo(setsum)) {
          records++;
        }
      }
    }
  }
}
