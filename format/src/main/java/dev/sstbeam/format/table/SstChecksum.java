package dev.sstbeam.format.table;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.parallel.Tasks;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The setsum and item count of a table recomputed from its items (FORMAT.md §7.3), reading the
 * data blocks on several threads: the blocks listed by the index are cut into contiguous runs,
 * each run is scanned (and CRC-checked) on its own, and the runs' setsums are added — the same
 * answer as a sequential scan, since setsum addition is order-independent. Unlike
 * {@link Sst#fastSetsum()}, this catches a corrupted setsum in the final block, which no CRC
 * covers.
 */
public final class SstChecksum {
  /** Runs per thread: a few, so that uneven blocks still balance. */
  static final int TASKS_PER_THREAD = 4;

  private final Setsum setsum;
  private final long items;

  private SstChecksum(Setsum setsum, long items) {
    this.setsum = setsum;
    this.items = items;
  }

  public Setsum setsum() {
    return setsum.copy();
  }

  public long items() {
    return items;
  }

  /** Scans every data block of {@code sst} on up to {@code threads} threads. */
  public static SstChecksum of(Sst sst, int threads) throws SstException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    List<BlockMetadata> blocks = sst.dataBlocks();
    int tasks = (int) Math.min(blocks.size(), (long) threads * TASKS_PER_THREAD);
    if (threads == 1 || tasks <= 1) {
      return scan(sst, blocks);
    }
    List<List<BlockMetadata>> runs = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      int from = (int) ((long) blocks.size() * t / tasks);
      int to = (int) ((long) blocks.size() * (t + 1) / tasks);
      runs.add(blocks.subList(from, to));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks));
    try {
      List<Future<SstChecksum>> parts = new ArrayList<>(tasks);
      for (List<BlockMetadata> run : runs) {
        parts.add(pool.submit(() -> scan(sst, run)));
      }
      Setsum total = new Setsum();
      long count = 0;
      for (Future<SstChecksum> f : parts) {
        SstChecksum part = Tasks.await(f);
        total.add(part.setsum);
        count += part.items;
      }
      return new SstChecksum(total, count);
    } finally {
      pool.shutdownNow();
    }
  }

  private static SstChecksum scan(Sst sst, List<BlockMetadata> blocks) throws SstException {
    BatchedSetsum s = new BatchedSetsum();
    long n = 0;
    for (BlockMetadata meta : blocks) {
      try {
        BlockCursor c = new BlockCursor(sst.readDataBlock(meta));
        c.seekToFirst();
        for (c.next(); c.hasItem(); c.next()) {
          c.addTo(s);
          n++;
        }
      } catch (SstException e) {
        throw e.inFile(sst.path());
      }
    }
    return new SstChecksum(s.setsum(), n);
  }
}
