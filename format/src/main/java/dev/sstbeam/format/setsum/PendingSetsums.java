package dev.sstbeam.format.setsum;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The setsums of parts of a stream, computed on background threads and added up (setsums add in
 * any order). One pool of daemon threads, one per core, serves every user, so no thread outlives
 * its work or keeps the JVM alive. At most {@code maxPending} parts are in flight: submitting one
 * more first waits for the oldest, which bounds the memory the parts hold. Not thread-safe.
 */
public final class PendingSetsums {
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "setsum-hashing");
        t.setDaemon(true);
        return t;
      });

  private final int maxPending;
  private final ArrayDeque<Future<Setsum>> pending = new ArrayDeque<>();
  private final Setsum done = new Setsum();

  public PendingSetsums(int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1, not " + maxPending);
    }
    this.maxPending = maxPending;
  }

  /** Starts computing one part's setsum; first waits for the oldest if too many are in flight. */
  public void submit(Callable<Setsum> part) {
    pending.add(POOL.submit(part));
    while (pending.size() > maxPending) {
      done.add(await(pending.poll()));
    }
  }

  /**
   * Waits for every part submitted; returns the sum of all of them (a copy). An interrupt while
   * waiting fails with IllegalStateException and keeps the thread's interrupt status.
   */
  public Setsum total() {
    while (!pending.isEmpty()) {
      done.add(await(pending.poll()));
    }
    return done.copy();
  }

  /** Abandons the parts still in flight. */
  public void cancel() {
    for (Future<Setsum> f : pending) {
      f.cancel(true);
    }
    pending.clear();
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
}
