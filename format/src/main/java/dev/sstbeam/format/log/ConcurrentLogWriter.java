package dev.sstbeam.format.log;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread-safe log writer with group commit, like Rust's {@code ConcurrentLogBuilder}
 * (FORMAT.md §4.8). The file is byte-identical to what {@link LogWriter} writes for the merged
 * batches.
 *
 * <p><b>Write phase.</b> Callers queue in arrival order. The caller at the head, when no group is
 * being written, becomes the leader: it takes its own batch and the following queued batches while
 * the merged size stays ≤ 1 MiB (stopping at the first that does not fit), appends a merged copy
 * as one record and flushes it to the OS. Every member of the group gets the same outcome.
 *
 * <p><b>Sync phase.</b> Each caller then waits until the file is durable up to the end of its
 * group ({@code written} watermark). Whoever finds no sync running forces the channel once, up to
 * the highest watermark written so far, which also covers groups written meanwhile; the next
 * group is written while that sync runs. {@link #append} returns only once its bytes are written
 * and synced.
 *
 * <p><b>Differences from Rust.</b> A failure poisons the writer and, unlike Rust (which sets the
 * flag but never reads it), later {@code append}, {@code fsync} and {@code seal} calls fail with
 * corruption-log-poisoned. A failed sync gives corruption-fsync-failed to every caller waiting for
 * one, and none is attempted after it: the OS may have dropped the dirty pages, so a later
 * success would prove nothing. table-full does not poison (at most padding was written and the
 * log stays valid), so a caller can still seal and roll over. {@link #fsync()} really forces the
 * file (Rust's is a no-op).
 *
 * <p><b>Interrupts.</b> Waits are uninterruptible: a caller's batch may already be part of a group
 * another thread is writing, so it cannot withdraw. The interrupt status is kept and is set on
 * return. Leaders clear it while doing I/O, because an interrupted thread would close the shared
 * {@code FileChannel}; an interrupt that lands during the system call itself still closes it
 * (JDK behaviour), and that failure poisons the writer.
 */
public final class ConcurrentLogWriter implements Closeable {
  /** Forces written bytes to storage; tests inject failures through it. */
  interface Syncer {
    void sync() throws IOException;
  }

  /** One append call; its fields are guarded by the lock. */
  private static final class Request {
    final WriteBatch batch;
    final Setsum setsum; // hashed by the appending thread, so callers hash in parallel
    boolean done;
    long watermark; // end of the file after this request's group
    SstException error;

    Request(WriteBatch batch) {
      this.batch = batch;
      this.setsum = batch.setsum();
    }
  }

  private final LogWriter writer;
  private final Syncer syncer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition(); // any field below changed
  // Guarded by lock; the volatile ones are also read without it.
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private volatile Setsum setsum; // replaced by a fresh copy, never mutated
  private volatile long written; // file size after the last group written
  private volatile long syncs; // syncs completed, successful or not
  private volatile long records; // groups written
  private int active; // append and fsync calls in progress
  private boolean writing; // a leader is appending a group (outside the lock)
  private boolean syncing; // a thread is forcing the channel (outside the lock)
  private long synced; // the file is durable up to here
  private SstException poison; // the first failure
  private SstException syncError; // a sync failed: fails every caller still waiting for one
  private boolean closed;

  ConcurrentLogWriter(LogWriter writer, Syncer syncer) {
    this.writer = writer;
    this.syncer = syncer;
    this.setsum = writer.setsum();
    this.written = writer.approximateSize();
  }

  /** Creates a new log at {@code path} with default options; fails if the file exists. */
  public static ConcurrentLogWriter create(Path path) throws SstException {
    return create(path, LogOptions.DEFAULT);
  }

  /** Creates a new log at {@code path}; fails with system-error if the file exists. */
  public static ConcurrentLogWriter create(Path path, LogOptions options) throws SstException {
    LogWriter writer = LogWriter.create(path, options);
    return new ConcurrentLogWriter(writer, writer::force);
  }

  /**
   * Appends {@code batch} (not modified) and returns once it is written and synced. Fails with
   * empty-batch, table-full, system-error, corruption-fsync-failed or corruption-log-poisoned; the
   * members of a group share one exception object.
   */
  public void append(WriteBatch batch) throws SstException {
    if (batch.isEmpty()) {
      throw SstException.of(ErrorCode.EMPTY_BATCH).file(writer.path()).build();
    }
    Request me = new Request(batch);
    enter();
    try {
      queue.addLast(me);
      while (!me.done) {
        if (!writing && queue.peekFirst() == me) {
          writeGroup();
        } else {
          changed.awaitUninterruptibly();
        }
      }
      if (me.error != null) {
        throw me.error;
      }
      awaitSync(me.watermark, 0);
    } finally {
      exit();
    }
  }

  /** Leader: takes a group from the head of the queue and appends it as one record. */
  private void writeGroup() {
    List<Request> group = new ArrayList<>();
    long size = 0;
    do {
      Request r = queue.removeFirst();
      group.add(r);
      size += r.batch.sizeInBytes();
    } while (!queue.isEmpty()
        && size + queue.peekFirst().batch.sizeInBytes() <= Limits.LOG_BLOCK_SIZE);
    SstException error = poison == null ? null : poisoned();
    long end = 0;
    Setsum sum = null;
    boolean ok = false; // false: a RuntimeException or Error is propagating
    writing = true;
    lock.unlock();
    boolean interrupted = Thread.interrupted(); // see "Interrupts" above
    try {
      if (error == null) {
        writer.append(merge(group), sumOf(group));
        writer.flush();
        end = writer.approximateSize(); // the leader owns the LogWriter until writing = false
        sum = writer.setsum();
      }
      ok = true;
    } catch (SstException e) {
      error = e;
      ok = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      lock.lock();
      if (!ok) {
        error = failure("write failed");
      }
      if (error == null) {
        written = end;
        setsum = sum;
        records++;
      } else if (poison == null && error.code() != ErrorCode.TABLE_FULL) {
        poison = error;
      }
      for (Request r : group) {
        r.watermark = written;
        r.error = error;
        r.done = true;
      }
      writing = false;
      changed.signalAll();
    }
  }

  /** The group's setsum, from the setsums its callers hashed. */
  private static Setsum sumOf(List<Request> group) {
    Setsum sum = new Setsum();
    for (Request r : group) {
      sum.add(r.setsum);
    }
    return sum;
  }

  /** The batch to append: the only one as is, or a merged copy (callers' batches stay intact). */
  private static WriteBatch merge(List<Request> group) throws SstException {
    if (group.size() == 1) {
      return group.get(0).batch;
    }
    WriteBatch merged = new WriteBatch();
    for (Request r : group) {
      merged.merge(r.batch);
    }
    return merged;
  }

  /**
   * Waits, under the lock, until the file is durable up to {@code watermark} and sync number
   * {@code syncNumber} has completed, running the sync itself when none is running.
   */
  private void awaitSync(long watermark, long syncNumber) throws SstException {
    while (synced < watermark || syncs < syncNumber) {
      if (syncError != null) {
        throw syncError;
      }
      if (syncing) {
        changed.awaitUninterruptibly();
      } else {
        sync();
      }
    }
  }

  private void sync() {
    long target = written; // everything up to here has been handed to the OS
    long number = syncs + 1;
    syncing = true;
    lock.unlock();
    boolean interrupted = Thread.interrupted();
    Exception failure = null;
    boolean ok = false;
    try {
      syncer.sync();
      ok = true;
    } catch (IOException | RuntimeException e) {
      failure = e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      lock.lock();
      syncing = false;
      syncs = number;
      if (ok) {
        synced = Math.max(synced, target);
      } else {
        syncError =
            SstException.of(ErrorCode.CORRUPTION_FSYNC_FAILED)
                .file(writer.path())
                .cause(failure)
                .build();
        if (poison == null) {
          poison = syncError;
        }
      }
      changed.signalAll();
    }
  }

  /**
   * Forces everything appended so far to stable storage with a sync that starts after this call
   * (possibly shared with concurrent appends). Appended bytes are flushed to the OS by their
   * group's leader, so no flush is needed here.
   */
  public void fsync() throws SstException {
    enter();
    try {
      awaitSync(0, syncs + (syncing ? 2 : 1)); // a sync already running may have started too early
    } finally {
      exit();
    }
  }

  /** File bytes written so far by completed groups (Rust's {@code approximate_size}). */
  public long approximateSize() {
    return written;
  }

  /** The sum of the setsums of all successfully written batches; a copy. */
  public Setsum setsum() {
    return setsum.copy();
  }

  /**
   * Rejects new calls, waits for the ones in progress, closes the log and returns its setsum;
   * fails with corruption-log-poisoned (after closing) if a write or sync failed.
   */
  public Setsum seal() throws SstException {
    lock.lock();
    try {
      if (closed) {
        throw failure("log writer is closed");
      }
      shutDown();
      return setsum.copy();
    } finally {
      lock.unlock();
    }
  }

  /** Like {@link #seal()} but without a result, and idempotent. */
  @Override
  public void close() throws SstException {
    lock.lock();
    try {
      if (!closed) {
        shutDown();
      }
    } catch (SstException e) {
      if (e.code() != ErrorCode.CORRUPTION_LOG_POISONED) {
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private void shutDown() throws SstException {
    closed = true;
    while (active > 0) { // calls already in progress finish: queued appends, their syncs
      changed.awaitUninterruptibly();
    }
    writer.seal(); // flushes padding left by a table-full append, closes
    if (poison != null) {
      throw poisoned();
    }
  }

  /** Takes the lock and starts an append or fsync call, unless closed or poisoned. */
  private void enter() throws SstException {
    lock.lock();
    if (closed || poison != null) {
      SstException e = closed ? failure("log writer is closed") : poisoned();
      lock.unlock();
      throw e;
    }
    active++;
  }

  /** Ends a call started by {@link #enter()} and releases the lock. */
  private void exit() {
    if (--active == 0 && closed) {
      changed.signalAll(); // seal() or close() is waiting
    }
    lock.unlock();
  }

  private SstException poisoned() {
    return SstException.of(ErrorCode.CORRUPTION_LOG_POISONED)
        .file(writer.path())
        .cause(poison)
        .build();
  }

  private SstException failure(String message) {
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", "Other")
        .field("message", message)
        .file(writer.path())
        .build();
  }

  /** Records (groups) written so far; for tests. */
  long records() {
    return records;
  }

  /** Syncs performed so far; for tests. */
  long syncs() {
    return syncs;
  }
}
