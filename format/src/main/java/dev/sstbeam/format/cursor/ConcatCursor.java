package dev.sstbeam.format.cursor;

import dev.sstbeam.format.SstException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One cursor over several cursors whose items are ordered and do not overlap: every item of input
 * {@code i} sorts before every item of input {@code i + 1} (FORMAT.md §6.5; e.g. the tables of one
 * LSM level). It behaves exactly like a cursor over the concatenation of the inputs. Inputs may be
 * empty; an empty list is an empty cursor. Ordering is the caller's promise and is not checked.
 *
 * <p>Only one input is current; switching away from an input calls its {@code seekToFirst}, so a
 * lazily opened input can release its file. Without an item the cursor is either on input 0
 * before its first item or on the last input after its last item (an empty input counts as both).
 *
 * <p>{@code seek(k)} binary-searches for the first input whose last key is ≥ {@code k}, reading an
 * input's last key with {@code seekToLast} + {@code prev} (empty inputs are passed over towards the
 * left, as in Rust), then seeks {@code k} in it; no such input means after-last.
 *
 * <p>Differences from Rust's {@code ConcatenatingCursor} (both Rust behaviours are bugs):
 *
 * <ul>
 *   <li>Rust's {@code next} decides that an input is exhausted when {@code value()} is none, so a
 *       tombstone in any input but the last skips itself and the rest of that input. Here an input
 *       is exhausted when it has no item.
 *   <li>Rust's binary search stops without comparing once the midpoint equals the left end, so
 *       when the target lies in input {@code left + 1} it seeks in {@code left} and ends with no
 *       item. Here the search always compares, and should the chosen input still have nothing at
 *       or after the target, the following inputs are tried in turn.
 *   <li>Rust requires at least one input.
 * </ul>
 */
public final class ConcatCursor implements Cursor {
  private final List<Cursor> inputs;
  private int current;

  /** Concatenates {@code inputs}, in order; starts before the first item. */
  public ConcatCursor(List<? extends Cursor> inputs) throws SstException {
    this.inputs = new ArrayList<>(inputs);
    for (Cursor c : this.inputs) {
      if (c == null) {
        throw new NullPointerException("input cursor");
      }
    }
    seekToFirst();
  }

  @Override
  public void seekToFirst() throws SstException {
    if (inputs.isEmpty()) {
      return;
    }
    switchTo(0);
    inputs.get(0).seekToFirst();
  }

  @Override
  public void seekToLast() throws SstException {
    if (inputs.isEmpty()) {
      return;
    }
    switchTo(inputs.size() - 1);
    inputs.get(current).seekToLast();
  }

  @Override
  public void next() throws SstException {
    if (inputs.isEmpty()) {
      return;
    }
    inputs.get(current).next();
    forwardToItem();
  }

  @Override
  public void prev() throws SstException {
    if (inputs.isEmpty()) {
      return;
    }
    Cursor c = inputs.get(current);
    c.prev();
    while (!c.hasItem() && current > 0) {
      switchTo(current - 1);
      c = inputs.get(current);
      c.seekToLast();
      c.prev();
    }
  }

  @Override
  public void seek(byte[] key) throws SstException {
    if (inputs.isEmpty()) {
      return;
    }
    // Smallest i such that inputs[0..i] hold an item with a key ≥ `key`; inputs.size() if none.
    // Invariant: no input below lo holds such an item; input hi does, or hi == size.
    int lo = 0;
    int hi = inputs.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int j = mid;
      byte[] last = lastKey(j);
      while (last == null && j > lo) {
        last = lastKey(--j);
      }
      if (last != null && Arrays.compareUnsigned(last, key) >= 0) {
        hi = j;
      } else {
        lo = mid + 1;
      }
    }
    if (lo == inputs.size()) {
      seekToLast();
      return;
    }
    switchTo(lo);
    inputs.get(lo).seek(key);
    forwardToItem();
  }

  /** The key of input {@code i}'s last item, or null if it is empty; makes it current. */
  private byte[] lastKey(int i) throws SstException {
    switchTo(i);
    Cursor c = inputs.get(i);
    c.seekToLast();
    c.prev();
    return c.hasItem() ? c.key() : null;
  }

  /** While the current input has no item and a later one exists, moves to the later one's first. */
  private void forwardToItem() throws SstException {
    Cursor c = inputs.get(current);
    while (!c.hasItem() && current < inputs.size() - 1) {
      switchTo(current + 1);
      c = inputs.get(current);
      c.seekToFirst();
      c.next();
    }
  }

  /** Makes input {@code i} current, releasing the previous one with {@code seekToFirst}. */
  private void switchTo(int i) throws SstException {
    if (i != current) {
      inputs.get(current).seekToFirst();
      current = i;
    }
  }

  @Override
  public boolean hasItem() {
    return !inputs.isEmpty() && inputs.get(current).hasItem();
  }

  @Override
  public byte[] key() {
    return hasItem() ? inputs.get(current).key() : null;
  }

  @Override
  public long timestamp() {
    return inputs.get(current).timestamp();
  }

  @Override
  public byte[] value() {
    return hasItem() ? inputs.get(current).value() : null;
  }

  /** Index of the input the cursor is in (whether or not it is on an item); -1 with no inputs. */
  public int currentInput() {
    return inputs.isEmpty() ? -1 : current;
  }

  @Override
  public void close() throws SstException {
    SstException first = null;
    for (Cursor c : inputs) {
      try {
        c.close();
      } catch (SstException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
