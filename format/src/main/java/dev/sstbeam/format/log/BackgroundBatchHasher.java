package dev.sstbeam.format.log;

import dev.sstbeam.format.setsum.Setsum;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The setsum of the batches a {@link LogWriter} appends, hashed on background threads so that
 * SHA3 overlaps with the caller making and framing the next batches. Payloads are copied into
 * chunks of about 1 MiB; at most {@link #MAX_PENDING} chunks wait, which bounds the memory held
 * (and makes the caller wait when hashing falls behind). Not thread-safe, like LogWriter.
 */
final class BackgroundBatchHasher {
  static final int CHUNK = 1 << 20;
  static final int MAX_PENDING = 4;

  /** Shared by every writer; daemon threads, so an unsealed writer never keeps the JVM alive. */
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "sst-log-setsum");
        t.setDaemon(true);
        return t;
      });

  private final ArrayDeque<Future<Setsum>> pending = new ArrayDeque<>();
  private final Setsum done = new Setsum();
  private byte[] chunk = new byte[0];
  private int used;

  /** Adds the entries of {@code payload[0, len)} (a whole batch). */
  void add(byte[] payload, int len) {
    if (len > chunk.length - used) {
      submit();
      if (len >= CHUNK) {
        submit(Arrays.copyOf(payload, len), len);
        return;
      }
      chunk = new byte[CHUNK];
    }
    System.arraycopy(payload, 0, chunk, used, len);
    used += len;
  }

  /** Waits for every batch added so far and returns the setsum of all of them; a copy. */
  Setsum setsum() {
    submit();
    while (!pending.isEmpty()) {
      done.add(await(pending.poll()));
    }
    return done.copy();
  }

  private void submit() {
    if (used > 0) {
      submit(chunk, used);
      chunk = new byte[0];
      used = 0;
    }
  }

  private void submit(byte[] bytes, int len) {
    pending.add(POOL.submit(() -> {
      Setsum s = new Setsum();
      EncodedEntries.addTo(s, bytes, 0, len);
      return s;
    }));
    while (pending.size() > MAX_PENDING) {
      done.add(await(pending.poll()));
    }
  }

  private static Setsum await(Future<Setsum> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true; // the hash is needed for a correct setsum: finish waiting
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing a batch failed", e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
