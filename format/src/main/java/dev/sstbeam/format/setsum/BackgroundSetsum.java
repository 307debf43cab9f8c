package dev.sstbeam.format.setsum;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes the setsum of a stream of puts and tombstones on background threads (one per core), so
 * the hashing (SHA3-256 of every item) overlaps with the caller's own work and with itself. Items
 * are handed over in chunks; setsums add in any order, so chunks are hashed independently. At
 * most {@link #MAX_PENDING} chunks wait at a time, which bounds the memory held. The caller must
 * not modify the arrays it hands over.
 */
public final class BackgroundSetsum implements AutoCloseable {
  static final int CHUNK = 4096;
  static final int MAX_PENDING = 8;

  private final ExecutorService thread =
      Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "setsum-hashing");
        t.setDaemon(true);
        return t;
      });
  private final ArrayDeque<Future<Setsum>> pending = new ArrayDeque<>();
  private final Setsum done = new Setsum();
  private byte[][] keys = new byte[CHUNK][];
  private long[] timestamps = new long[CHUNK];
  private byte[][] values = new byte[CHUNK][];
  private int count;

  /** Adds a put ({@code value} non-null) or a tombstone ({@code value} null). */
  public void add(byte[] key, long timestamp, byte[] value) {
    keys[count] = key;
    timestamps[count] = timestamp;
    values[count] = value;
    if (++count == CHUNK) {
      submit();
    }
  }

  private void submit() {
    byte[][] k = keys;
    long[] t = timestamps;
    byte[][] v = values;
    int n = count;
    pending.add(thread.submit(() -> {
      Setsum s = new Setsum();
      for (int i = 0; i < n; i++) {
        if (v[i] == null) {
          s.insertDel(k[i], t[i]);
        } else {
          s.insertPut(k[i], t[i], v[i]);
        }
      }
      return s;
    }));
    keys = new byte[CHUNK][];
    timestamps = new long[CHUNK];
    values = new byte[CHUNK][];
    count = 0;
    while (pending.size() > MAX_PENDING) {
      done.add(await(pending.poll()));
    }
  }

  /** Waits for every item to be hashed; returns the setsum of all items added. */
  public Setsum finish() {
    if (count > 0) {
      submit();
    }
    while (!pending.isEmpty()) {
      done.add(await(pending.poll()));
    }
    return done.copy();
  }

  private static Setsum await(Future<Setsum> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing failed", e.getCause());
    }
  }

  /** Stops the thread (pending work is abandoned). */
  @Override
  public void close() {
    thread.shutdownNow();
    Arrays.fill(keys, null);
    Arrays.fill(values, null);
  }
}
