package dev.sstbeam.format.table;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.parallel.Tasks;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import java.util.List;

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
    int runs = (int) Math.min(blocks.size(), (long) threads * TASKS_PER_THREAD);
    List<Scan> scans = Tasks.perThread(runs, threads, () -> new Scan(sst), (scan, run) -> {
      int from = (int) ((long) blocks.size() * run / runs);
      int to = (int) ((long) blocks.size() * (run + 1) / runs);
      scan.blocks(blocks.subList(from, to));
    });
    Setsum total = new Setsum();
    long count = 0;
    for (Scan scan : scans) {
      total.add(scan.setsum.setsum());
      count += scan.items;
    }
    return new SstChecksum(total, count);
  }

  /** One thread's part: its accumulator, its reader (a buffer of its own) and its cursor. */
  private static final class Scan {
    private final Sst sst;
    private final DataBlockReader reader;
    private final BatchedSetsum setsum = new BatchedSetsum();
    private BlockCursor cursor;
    private long items;

    Scan(Sst sst) {
      this.sst = sst;
      this.reader = new DataBlockReader(sst);
    }

    void blocks(List<BlockMetadata> blocks) throws SstException {
      for (BlockMetadata meta : blocks) {
        try {
          Block block = reader.read(meta);
          if (cursor == null) {
            cursor = new BlockCursor(block);
          } else {
            cursor.reset(block);
          }
          BlockCursor c = cursor;
          for (c.next(); c.hasItem(); c.next()) {
            c.addTo(setsum);
            items++;
          }
        } catch (SstException e) {
          throw e.inFile(sst.path());
        }
      }
    }
  }
}
