package dev.sstbeam.format.log;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.parallel.Tasks;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    if (threads <= 1 || tasks.size() <= 1) {
      Setsum total = new Setsum();
      long count = 0;
      for (BlockRange t : tasks) {
        LogChecksum part = scan(plan, t);
        total.add(part.setsum);
        count += part.records;
      }
      return new LogChecksum(total, count);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()));
    try {
      List<Future<LogChecksum>> parts = new ArrayList<>();
      for (BlockRange t : tasks) {
        parts.add(pool.submit(() -> scan(plan, t)));
      }
      Setsum total = new Setsum();
      long count = 0;
      for (Future<LogChecksum> f : parts) {
        LogChecksum part = Tasks.await(f);
        total.add(part.setsum);
        count += part.records;
      }
      return new LogChecksum(total, count);
    } finally {
      pool.shutdownNow();
    }
  }

  private static LogChecksum scan(LogRanges plan, BlockRange range) throws SstException {
    BatchedSetsum s = new BatchedSetsum();
    long n = 0;
    try (LogReader reader = plan.open(range)) {
      while (reader.addNextTo(s)) {
        n++;
      }
    }
    return new LogChecksum(s.setsum(), n);
  }
}
