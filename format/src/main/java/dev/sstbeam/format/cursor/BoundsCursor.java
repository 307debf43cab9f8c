package dev.sstbeam.format.cursor;

import dev.sstbeam.format.SstException;

/**
 * Restricts a cursor to the keys between two {@link Bound}s (FORMAT.md §6.4), comparing key bytes
 * only, so every version of a boundary key is in or out together. The result behaves exactly like
 * the inner cursor with the out-of-range items removed: before-first, on an in-range item, or
 * after-last, for every sequence of operations in either direction. An empty range (start above
 * end) is simply empty.
 *
 * <p>When on an item the inner cursor is on that same item; before-first and after-last leave the
 * inner cursor wherever it stopped, and the next move re-positions it with one seek:
 *
 * <ul>
 *   <li>from before-first, {@code next} seeks the first key in range ({@code start}, or
 *       {@code start || 00} for an excluded start);
 *   <li>from after-last, {@code prev} seeks the first key past the range ({@code end}, or
 *       {@code end || 00} for an included end) and steps back once;
 *   <li>{@code seek(k)} seeks {@code max(k, first key in range)}.
 * </ul>
 *
 * Every landing is checked against the bound it moves towards: forwards against the end,
 * backwards against the start.
 *
 * <p>Differences from Rust's {@code BoundsCursor} (which this class deliberately does not copy):
 *
 * <ul>
 *   <li>Rust's {@code prev} does not re-check the end bound, so after a {@code seek} beyond the end
 *       (or after the inner cursor ran out) a {@code prev} can report an item above the end. Here
 *       {@code prev} from after-last always lands on the last in-range item.
 *   <li>In Rust the inner cursor running out leaves the state Positioned with no item, and a
 *       following {@code prev} then steps the inner cursor back onto its last item even when that
 *       item is above the end bound. Here running out is after-last (or before-first) like any
 *       other end.
 *   <li>Rust positions the inner cursor eagerly in {@code seek_to_first}/{@code seek_to_last}
 *       (seek and step); here they forward to the inner cursor's own
 *       {@code seekToFirst}/{@code seekToLast} and the seek happens on the following move.
 * </ul>
 */
public final class BoundsCursor extends FilteredCursor {

  private final Bound start;
  private final Bound end;

  /** Restricts {@code inner} to {@code [start, end]}; starts before the first in-range item. */
  public BoundsCursor(Cursor inner, Bound start, Bound end) throws SstException {
    super(inner);
    if (start == null || end == null) {
      throw new NullPointerException("start and end are required");
    }
    this.start = start;
    this.end = end;
    seekToFirst();
  }

  public Bound start() {
    return start;
  }

  public Bound end() {
    return end;
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

  @Override
  public void seek(byte[] key) throws SstException {
    if (start.excludesAsStart(key)) {
      key = start.firstKeyInRangeAsStart();
    }
    inner.seek(key);
    settleForward();
  }

  @Override
  public void next() throws SstException {
    switch (state) {
      case AFTER:
        return;
      case BEFORE:
        byte[] first = start.firstKeyInRangeAsStart();
        if (first == null) {
          inner.seekToFirst();
          inner.next();
        } else {
          inner.seek(first);
        }
        break;
      default:
        inner.next();
    }
    settleForward();
  }

  @Override
  public void prev() throws SstException {
    switch (state) {
      case BEFORE:
        return;
      case AFTER:
        byte[] past = end.firstKeyPastRangeAsEnd();
        if (past == null) {
          inner.seekToLast();
        } else {
          inner.seek(past);
        }
        inner.prev();
        break;
      default:
        inner.prev();
    }
    settleBackward();
  }

  /** After a forward move: on the inner item if it is below the end bound, else after-last. */
  private void settleForward() {
    state = inner.hasItem() && !end.excludesAsEnd(inner.key()) ? ON : AFTER;
  }

  /** After a backward move: on the inner item if it is above the start bound, else before-first. */
  private void settleBackward() {
    state = inner.hasItem() && !start.excludesAsStart(inner.key()) ? ON : BEFORE;
  }


  @Override
  public String toString() {
    return "BoundsCursor[" + start + ", " + end + "]";
  }
}
