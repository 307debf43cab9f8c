package dev.sstbeam.format.log;

import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.PendingSetsums;
import dev.sstbeam.format.setsum.Setsum;
import java.util.Arrays;

/**
 * The setsum of the batches a {@link LogWriter} appends, hashed on background threads ({@link
 * PendingSetsums}) so that SHA3 overlaps with the caller making and framing the next batches.
 * Payloads are copied into chunks of about 1 MiB; at most {@link #MAX_PENDING} chunks are in
 * flight, which bounds the memory held (and makes the caller wait when hashing falls behind). Not
 * thread-safe, like LogWriter.
 */
final class BackgroundBatchHasher {
  static final int CHUNK = 1 << 20;
  static final int MAX_PENDING = 4;

  private final PendingSetsums parts = new PendingSetsums(MAX_PENDING);
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
    return parts.total();
  }

  private void submit() {
    if (used > 0) {
      submit(chunk, used);
      chunk = new byte[0];
      used = 0;
    }
  }

  private void submit(byte[] bytes, int len) {
    parts.submit(() -> {
      BatchedSetsum s = new BatchedSetsum();
      EncodedEntries.addTo(s, bytes, 0, len);
      return s.setsum();
    });
  }
}
