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
 *
 * <p>The runs are cut at restart points of the index block (FORMAT.md §5.3), so that each thread
 * decodes its own part of the index: decoding all of it first, on one thread, took a tenth of a
 * second of the bench table's run, at start-up. A run starts at its restart and ends where the
 * next run's starts; the entries must meet there exactly. When they do not (a corrupt restart
 * array), or anything in the table is corrupt, the table is scanned again from the list of its
 * blocks, decoded first, and that scan's answer or error is the one given: the same as before
 * restarts were used, whatever the corruption.
 */
public final class SstChecksum {
  /** Runs per thread: a few, so that uneven blocks still balance. */
  static final int TASKS_PER_THREAD = 4;

  private final Setsum setsum;
  private final long items;
  private final boolean cutAtRestarts;

  private SstChecksum(Setsum setsum, long items, boolean cutAtRestarts) {
    this.setsum = setsum;
    this.items = items;
    this.cutAtRestarts = cutAtRestarts;
  }

  public Setsum setsum() {
    return setsum.copy();
  }

  public long items() {
    return items;
  }

  /** Whether the runs were cut at the index's restarts (else from the list of blocks). */
  boolean cutAtRestarts() {
    return cutAtRestarts;
  }

  /** Scans every data block of {@code sst} on up to {@code threads} threads. */
  public static SstChecksum of(Sst sst, int threads) throws SstException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    List<Scan> scans = null;
    boolean cutAtRestarts = false;
    int[] bounds = restartBounds(sst.indexBlock(),
        (int) Math.min(Integer.MAX_VALUE, (long) threads * TASKS_PER_THREAD));
    if (bounds != null) {
      try {
        scans = Tasks.perThread(bounds.length - 1, threads, () -> new Scan(sst),
            (scan, run) -> scan.indexPart(bounds[run], bounds[run + 1]));
        cutAtRestarts = true;
      } catch (SstException | UnevenRestarts e) {
        scans = null; // scanned again below, for the error the list of blocks gives
      }
    }
    if (scans == null) {
      List<BlockMetadata> blocks = sst.dataBlocks();
      int runs = (int) Math.min(blocks.size(), (long) threads * TASKS_PER_THREAD);
      scans = Tasks.perThread(runs, threads, () -> new Scan(sst), (scan, run) -> {
        int from = (int) ((long) blocks.size() * run / runs);
        int to = (int) ((long) blocks.size() * (run + 1) / runs);
        scan.blocks(blocks.subList(from, to));
      });
    }
    Setsum total = new Setsum();
    long count = 0;
    for (Scan scan : scans) {
      total.add(scan.setsum.setsum());
      count += scan.items;
    }
    return new SstChecksum(total, count, cutAtRestarts);
  }

  /**
   * Where up to {@code runs} runs of the index start, at restarts spread evenly, and where the
   * last ends (the restarts' boundary); null when there are fewer than 2 or the chosen restarts
   * do not rise strictly within the entries.
   */
  static int[] restartBounds(Block index, int runs) {
    int restarts = index.restartCount();
    int n = Math.min(restarts, runs);
    if (n < 2) {
      return null;
    }
    int[] bounds = new int[n + 1];
    long previous = -1;
    for (int k = 0; k < n; k++) {
      long at = index.restart((int) ((long) restarts * k / n));
      if (at <= previous || at >= index.restartsBoundary()) {
        return null;
      }
      bounds[k] = (int) at;
      previous = at;
    }
    bounds[n] = index.restartsBoundary();
    return bounds;
  }

  /** A run of the index whose entries overran the next run's start. */
  private static final class UnevenRestarts extends RuntimeException {
    UnevenRestarts() {
      super(null, null, false, false);
    }
  }

  /** One thread's part: its accumulator, its reader (a buffer of its own) and its cursors. */
  private static final class Scan {
    private final Sst sst;
    private final DataBlockReader reader;
    private final BatchedSetsum setsum = new BatchedSetsum();
    private BlockCursor indexCursor;
    private BlockCursor cursor;
    private long items;

    Scan(Sst sst) {
      this.sst = sst;
      this.reader = new DataBlockReader(sst);
    }

    /** The blocks of the index entries from offset {@code start} to {@code end} of the index. */
    void indexPart(int start, int end) throws SstException {
      if (indexCursor == null) {
        indexCursor = new BlockCursor(sst.indexBlock());
      }
      BlockCursor c = indexCursor;
      c.seekToEntryAt(start);
      while (true) {
        block(SstCursor.metadataOf(c));
        if (c.nextOffset() >= end) {
          if (c.nextOffset() > end) {
            throw new UnevenRestarts();
          }
          return;
        }
        c.next();
      }
    }

    void blocks(List<BlockMetadata> blocks) throws SstException {
      for (BlockMetadata meta : blocks) {
        block(meta);
      }
    }

    private void block(BlockMetadata meta) throws SstException {
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
