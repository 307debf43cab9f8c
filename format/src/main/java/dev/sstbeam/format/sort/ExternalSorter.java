package dev.sstbeam.format.sort;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.cursor.MergingCursor;
import dev.sstbeam.format.parallel.Tasks;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sorts any number of items into table order within a fixed memory budget: items are packed
 * into reused slabs ({@link PackedItems}), and whenever a chunk's size reaches half the budget it
 * is sorted and spilled as a run (a scratch SST) in a temporary directory — on a background
 * thread, while the next chunk fills; {@link #sort()} then merges the runs with a
 * {@link MergingCursor}. When nothing was spilled the items are served from memory. At most
 * {@link #MERGE_WIDTH} runs are merged at once, so memory and open files stay bounded however
 * large the input: with more runs, consecutive groups of them are first merged into longer runs,
 * as many passes as needed.
 *
 * <p>Duplicates (same key and timestamp) are handled by the {@link DuplicatePolicy}, both within a
 * chunk and across runs; among duplicates the first added comes first (stable sort; runs merge in
 * the order they were spilled). The item {@code ("", u64::MAX)}, which no table can hold, is kept
 * aside in memory and served first.
 */
public final class ExternalSorter implements AutoCloseable {
  /** Runs merged at once: each holds an open file and a 64 KiB block during the merge. */
  static final int MERGE_WIDTH = 64;

  private final Path tempDir;
  private final long memoryBudget;
  private final DuplicateFilter duplicates;
  private final SstOptions runOptions;
  private final int mergeWidth;
  /** Reused by every chunk, so the items' memory is allocated once. */
  private final SlabPool slabs;
  private PackedItems chunk;
  private final List<KeyValue> unstorable = new ArrayList<>();
  /** The runs not yet merged into others, in the order their items were added. */
  private final List<Path> runs = new ArrayList<>();
  /** Every run file created, for close() to delete. */
  private final List<Path> created = new ArrayList<>();
  private int spilled;
  private long added;
  /** Sorts and writes one run while the caller fills the next chunk; at most one at a time. */
  private final ExecutorService spiller = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sort-spill");
    t.setDaemon(true);
    return t;
  });
  private Future<?> spilling;
  private Path runDir;
  private boolean sorting;

  /**
   * @param tempDir where runs are spilled (a private subdirectory is created on first spill)
   * @param memoryBudget bytes of items to hold before spilling (at least 1 MiB)
   * @param policy what to do with duplicates
   */
  public ExternalSorter(Path tempDir, long memoryBudget, DuplicatePolicy policy) {
    this(tempDir, memoryBudget, policy, MERGE_WIDTH);
  }

  ExternalSorter(Path tempDir, long memoryBudget, DuplicatePolicy policy, int mergeWidth) {
    if (mergeWidth < 2) {
      throw new IllegalArgumentException("merge width must be at least 2, not " + mergeWidth);
    }
    if (memoryBudget < (1 << 20)) {
      throw new IllegalArgumentException("memory budget must be at least 1 MiB, not " + memoryBudget);
    }
    this.tempDir = tempDir;
    this.memoryBudget = memoryBudget;
    this.duplicates = new DuplicateFilter(policy);
    this.mergeWidth = mergeWidth;
    this.runOptions =
        SstOptions.builder().targetBlockSize(64 << 10).bloomFilterBits(0).writeBufferSize(1 << 20).build();
    this.slabs = SlabPool.sized(memoryBudget);
    this.chunk = new PackedItems(slabs);
  }

  public void add(KeyValue kv) throws SstException {
    byte[] value = kv.value();
    add(kv.key(), 0, kv.key().length, kv.timestamp(), value, 0, value == null ? 0 : value.length);
  }

  /**
   * Adds the item {@code key[keyOffset, +keyLength)} at {@code timestamp}: a put of {@code
   * value[valueOffset, +valueLength)}, or a tombstone when {@code value} is null. The bytes are
   * copied, so the arrays may be reused (a log reader's record buffer).
   */
  public void add(byte[] key, int keyOffset, int keyLength, long timestamp, byte[] value,
      int valueOffset, int valueLength) throws SstException {
    if (sorting) {
      throw new IllegalStateException("sort() was called: no more items can be added");
    }
    added++;
    if (keyLength == 0 && timestamp == -1L) {
      unstorable.add(KeyValue.of(new byte[0], timestamp,
          value == null ? null : Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength)));
      return;
    }
    chunk.add(key, keyOffset, keyLength, timestamp, value, valueOffset, valueLength);
    // Two chunks share the budget: one being filled, one being sorted and written.
    if (chunk.bytes() >= memoryBudget / 2) {
      spillInBackground();
    }
  }

  /** Items added so far. */
  public long added() {
    return added;
  }

  /** Runs spilled so far. */
  public int runs() {
    return spilled;
  }

  /**
   * Hands the full chunk to the spill thread (after the previous spill finished). While that
   * thread is still writing, this one sorts the chunk itself instead of waiting idle.
   */
  private void spillInBackground() throws SstException {
    PackedItems full = chunk;
    int[] order = spilling != null && !spilling.isDone() ? full.sortedOrder() : null;
    awaitSpill();
    Path run = nextRunPath();
    runs.add(run);
    spilled++;
    spilling = spiller.submit(() -> {
      writeRun(full, order, run);
      return null;
    });
    chunk = new PackedItems(slabs);
  }

  private void awaitSpill() throws SstException {
    if (spilling == null) {
      return;
    }
    try {
      Tasks.await(spilling);
    } finally {
      spilling = null;
    }
  }

  /** Spills the current chunk on this thread. */
  private void spill() throws SstException {
    awaitSpill();
    Path run = nextRunPath();
    runs.add(run);
    spilled++;
    writeRun(chunk, null, run);
  }

  private Path nextRunPath() throws SstException {
    if (runDir == null) {
      try {
        Files.createDirectories(tempDir);
        runDir = Files.createTempDirectory(tempDir, "sst-sort-");
      } catch (IOException e) {
        throw SystemErrors.of(e, tempDir);
      }
    }
    Path run = runDir.resolve("run-" + created.size() + ".sst");
    created.add(run);
    return run;
  }

  /**
   * Writes {@code items} as a run in table {@code order} (sorting them first when it is null),
   * then empties them; one run at a time (the filter is shared).
   */
  private void writeRun(PackedItems items, int[] order, Path run) throws SstException {
    int[] sorted = order != null ? order : items.sortedOrder();
    duplicates.reset();
    try (SstWriter w = SstWriter.createScratch(run, runOptions)) {
      items.writeInOrder(sorted, duplicates, w, i -> { });
      w.seal();
    } finally {
      items.clear();
    }
  }

  /**
   * Ends the adding phase and returns the items in table order, without duplicates (as the policy
   * says). Call once.
   */
  public SortedItems sort() throws SstException {
    if (sorting) {
      throw new IllegalStateException("sort() may be called once");
    }
    sorting = true;
    // The spill thread uses the duplicate filter until its run is written.
    awaitSpill();
    List<KeyValue> first = new ArrayList<>();
    duplicates.reset();
    for (KeyValue kv : unstorable) {
      if (duplicates.accept(kv)) {
        first.add(kv);
      }
    }
    unstorable.clear();
    spiller.shutdown();
    if (runs.isEmpty()) {
      return new SortedItems(first, new PackedSource(chunk), duplicates);
    }
    if (!chunk.isEmpty()) {
      spill();
    }
    while (runs.size() > mergeWidth) {
      mergePass();
    }
    List<Sst> tables = openAll(runs);
    try {
      return new SortedItems(first, new MergeSource(merging(tables), tables), duplicates);
    } catch (SstException | RuntimeException e) {
      closeAll(tables);
      throw e;
    }
  }

  /**
   * Merges each group of {@code mergeWidth} consecutive runs into one run, applying the duplicate
   * policy across the group (within a run there are no duplicates left), and deletes the group.
   * Groups keep their place in the list, so "first added" still comes first.
   */
  private void mergePass() throws SstException {
    List<Path> merged = new ArrayList<>();
    for (int from = 0; from < runs.size(); from += mergeWidth) {
      List<Path> group = runs.subList(from, Math.min(runs.size(), from + mergeWidth));
      if (group.size() == 1) {
        merged.add(group.get(0));
        continue;
      }
      Path out = nextRunPath();
      List<Sst> tables = openAll(group);
      try (SstWriter w = SstWriter.createScratch(out, runOptions)) {
        Cursor c = merging(tables);
        c.seekToFirst();
        duplicates.reset();
        for (c.next(); c.hasItem(); c.next()) {
          KeyValue kv = c.keyValue();
          if (duplicates.accept(kv)) {
            w.add(kv);
          }
        }
        w.seal();
      } finally {
        closeAll(tables);
      }
      for (Path run : group) {
        deleteQuietly(run);
      }
      merged.add(out);
    }
    runs.clear();
    runs.addAll(merged);
  }

  private static List<Sst> openAll(List<Path> runs) throws SstException {
    List<Sst> tables = new ArrayList<>();
    try {
      for (Path run : runs) {
        tables.add(Sst.open(run));
      }
      return tables;
    } catch (SstException | RuntimeException e) {
      closeAll(tables);
      throw e;
    }
  }

  private static MergingCursor merging(List<Sst> tables) throws SstException {
    List<Cursor> cursors = new ArrayList<>();
    for (Sst t : tables) {
      cursors.add(t.cursor());
    }
    return new MergingCursor(cursors);
  }

  private static void closeAll(List<Sst> tables) {
    for (Sst t : tables) {
      try {
        t.close();
      } catch (SstException ignored) {
        // Report the original failure, or nothing: these are scratch files.
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Best effort: scratch files only.
    }
  }

  /** Deletes the runs and their directory. */
  @Override
  public void close() {
    spiller.shutdownNow();
    try {
      awaitSpill();
    } catch (SstException | RuntimeException ignored) {
      // Closing: the runs are deleted below either way.
    }
    chunk.clear();
    slabs.clear();
    for (Path run : created) {
      deleteQuietly(run);
    }
    runs.clear();
    created.clear();
    if (runDir != null) {
      deleteQuietly(runDir);
    }
  }

  /** Sorted items with duplicates removed; the counts of what was dropped. */
  public static final class SortedItems implements AutoCloseable {
    private final List<KeyValue> first;
    private final Source rest;
    private final DuplicateFilter duplicates;
    private int firstIndex;
    private boolean restStarted;

    SortedItems(List<KeyValue> first, Source rest, DuplicateFilter duplicates) {
      this.first = first;
      this.rest = rest;
      this.duplicates = duplicates;
    }

    /** The next item in table order, or null at the end. */
    public KeyValue next() throws SstException {
      if (firstIndex < first.size()) {
        return first.get(firstIndex++);
      }
      if (!restStarted) {
        restStarted = true;
        duplicates.reset();
      }
      KeyValue kv;
      while ((kv = rest.next()) != null) {
        if (duplicates.accept(kv)) {
          return kv;
        }
      }
      return null;
    }

    /** Duplicates dropped so far (within chunks and across runs). */
    public long droppedCount() {
      return duplicates.dropped();
    }

    /** The setsum of the duplicates dropped so far. */
    public Setsum droppedSetsum() {
      return duplicates.droppedSetsum();
    }

    @Override
    public void close() throws SstException {
      rest.close();
    }
  }

  /** Where sorted items come from after the unstorable ones. */
  interface Source extends AutoCloseable {
    KeyValue next() throws SstException;

    @Override
    void close() throws SstException;
  }

  /** The items of the one chunk, when nothing was spilled. */
  private static final class PackedSource implements Source {
    private final PackedItems items;
    private final int[] order;
    private int index;

    PackedSource(PackedItems items) {
      this.items = items;
      this.order = items.sortedOrder();
    }

    @Override
    public KeyValue next() {
      return index < order.length ? items.get(order[index++]) : null;
    }

    @Override
    public void close() {
      items.clear();
    }
  }

  private static final class MergeSource implements Source {
    private final MergingCursor merge;
    private final List<Sst> tables;

    MergeSource(MergingCursor merge, List<Sst> tables) throws SstException {
      this.merge = merge;
      this.tables = tables;
      merge.seekToFirst();
    }

    @Override
    public KeyValue next() throws SstException {
      merge.next();
      return merge.keyValue();
    }

    @Override
    public void close() throws SstException {
      for (Sst t : tables) {
        t.close();
      }
    }
  }
}
