package dev.sstbeam.format.cursor;

import dev.sstbeam.format.SstException;
import java.util.Arrays;

/**
 * A snapshot view (FORMAT.md §6.3): for each key, only the newest version whose timestamp is
 * ≤ the snapshot timestamp (unsigned) is visible, and the key is hidden entirely when that version
 * is a tombstone. Versions newer than the snapshot are invisible and hide nothing. Visible items are
 * therefore always puts; they are reported exactly as the inner cursor reports them.
 *
 * <p>When on an item the inner cursor is on that item. Each move works from the current key
 * alone, without state carried between calls:
 *
 * <ul>
 *   <li>forwards ({@code next}, {@code seek}): skip the remaining versions of the current key,
 *       then take the first version ≤ T of the following keys, skipping a key whose first such
 *       version is a tombstone;
 *   <li>backwards ({@code prev}): step back past every version of the current key, onto the oldest
 *       version of the preceding key; if even that is newer than T the key has no visible version,
 *       else step back over its versions ≤ T and forward once, which lands on the newest version
 *       ≤ T; hide the key if that is a tombstone.
 * </ul>
 *
 * <p>Difference from Rust's {@code PruningCursor}: Rust carries a {@code skip_key} from call to
 * call (and its {@code prev} can fail with {@code logic-error-prev-not-positioned} when the inner
 * cursor does not retrace its steps); here each move is recomputed from the inner cursor's current
 * key, so it does not depend on which call came before. Identical {@code (key, timestamp)} items
 * from several merged inputs are handled like distinct versions: the first one in the inner order
 * is the visible one. The visible items are the same as Rust's.
 */
public final class PruningCursor extends FilteredCursor {

  private final long snapshot;

  /** A view of {@code inner} as of {@code snapshotTimestamp} (unsigned); before the first item. */
  public PruningCursor(Cursor inner, long snapshotTimestamp) throws SstException {
    super(inner);
    this.snapshot = snapshotTimestamp;
    seekToFirst();
  }

  /** The snapshot timestamp (unsigned). */
  public long snapshotTimestamp() {
    return snapshot;
  }

  @Override
  public void seekToFirst() throws SstException {
    inner.seekToFirst();
    state = BEFORE;
  }

  @Override
  public void seekToLast() throws SstException {
    inner.seekToLast();
    state = AFTER;
  }

  /** Seek lands on the newest version of the first key ≥ {@code key}, then filters forwards. */
  @Override
  public void seek(byte[] key) throws SstException {
    inner.seek(key);
    settleForward();
  }

  @Override
  public void next() throws SstException {
    switch (state) {
      case AFTER:
        return;
      case BEFORE:
        inner.seekToFirst();
        inner.next();
        break;
      default:
        skipForward(inner.key());
    }
    settleForward();
  }

  @Override
  public void prev() throws SstException {
    switch (state) {
      case BEFORE:
        return;
      case AFTER:
        inner.seekToLast();
        inner.prev();
        break;
      default:
        skipBackward(inner.key());
    }
    settleBackward();
  }

  /**
   * From the newest version of some key (or a version of it such that all newer ones are newer
   * than T), moves forwards to the first visible item or after-last.
   */
  private void settleForward() throws SstException {
    while (inner.hasItem()) {
      if (!visible(inner.timestamp())) {
        inner.next();
      } else if (inner.value() != null) {
        state = ON;
        return;
      } else {
        skipForward(inner.key());
      }
    }
    state = AFTER;
  }

  /** From the oldest version of some key, moves backwards to the last visible item or before-first. */
  private void settleBackward() throws SstException {
    while (inner.hasItem()) {
      byte[] key = inner.key();
      if (!visible(inner.timestamp())) {
        // The oldest version is newer than T, so every version is.
        skipBackward(key);
        continue;
      }
      do {
        inner.prev();
      } while (inner.hasItem() && visible(inner.timestamp()) && Arrays.equals(inner.key(), key));
      inner.next();
      if (inner.value() != null) {
        state = ON;
        return;
      }
      skipBackward(key);
    }
    state = BEFORE;
  }

  private boolean visible(long timestamp) {
    return Long.compareUnsigned(timestamp, snapshot) <= 0;
  }

  /** Moves forwards past every remaining version of {@code key}. */
  private void skipForward(byte[] key) throws SstException {
    do {
      inner.next();
    } while (inner.hasItem() && Arrays.equals(inner.key(), key));
  }

  /** Moves backwards past every preceding version of {@code key}. */
  private void skipBackward(byte[] key) throws SstException {
    do {
      inner.prev();
    } while (inner.hasItem() && Arrays.equals(inner.key(), key));
  }
}
