package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.SstException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges cursors into one ordered stream (FORMAT.md §6.2). Every item of every input is emitted,
 * tombstones and equal {@code (key, timestamp)} items from several inputs included; nothing is
 * pruned or deduplicated.
 *
 * <p>Ties are broken by input index, which makes the merged order total, so — unlike Rust's —
 * changing direction is exact even when inputs share items. Moving forwards, every input other
 * than the current one stands on its first item after the current item in that total order (or
 * after its last item), and its previous item, if any, comes before the current item; moving
 * backwards it is the mirror image. A change of direction therefore steps every input once, as
 * Rust does (Rust's heap breaks ties arbitrarily, so there an input holding a copy of the current
 * item can be on the wrong side of it).
 */
public final class MergingCursor implements Cursor {
  private static final int BEFORE = 0;
  private static final int ON = 1;
  private static final int AFTER = 2;

  private final List<Input> inputs = new ArrayList<>();
  private final PriorityQueue<Input> forward = new PriorityQueue<>(MergingCursor::compare);
  private final PriorityQueue<Input> reverse =
      new PriorityQueue<>((a, b) -> compare(b, a));
  private PriorityQueue<Input> heap = forward;
  private Input current;
  private int state = BEFORE;

  /** Merges {@code cursors}; starts before the first item. */
  public MergingCursor(List<? extends Cursor> cursors) throws SstException {
    for (int i = 0; i < cursors.size(); i++) {
      inputs.add(new Input(cursors.get(i), i));
    }
    seekToFirst();
  }

  @Override
  public void seekToFirst() throws SstException {
    for (Input in : inputs) {
      in.cursor.seekToFirst();
      in.refresh();
    }
    state = BEFORE;
    current = null;
  }

  @Override
  public void seekToLast() throws SstException {
    for (Input in : inputs) {
      in.cursor.seekToLast();
      in.refresh();
    }
    state = AFTER;
    current = null;
  }

  @Override
  public void seek(byte[] key) throws SstException {
    for (Input in : inputs) {
      in.cursor.seek(key);
      in.refresh();
    }
    rebuild(forward);
  }

  @Override
  public void next() throws SstException {
    if (state == AFTER) {
      return;
    }
    if (state == BEFORE) {
      stepAll(true);
      rebuild(forward);
      return;
    }
    if (heap != forward) {
      // Every input is on its last item before the current one (or before-first), so one step
      // puts it on its first item after; the current input steps past the current item.
      stepAll(true);
      rebuild(forward);
      return;
    }
    heap.poll();
    current.cursor.next();
    current.refresh();
    if (current.has) {
      heap.add(current);
    }
    settle();
  }

  @Override
  public void prev() throws SstException {
    if (state == BEFORE) {
      return;
    }
    if (state == AFTER) {
      stepAll(false);
      rebuild(reverse);
      return;
    }
    if (heap != reverse) {
      // Mirror image of the switch in next().
      stepAll(false);
      rebuild(reverse);
      return;
    }
    heap.poll();
    current.cursor.prev();
    current.refresh();
    if (current.has) {
      heap.add(current);
    }
    settle();
  }

  /** Moves every input one step forwards or backwards. */
  private void stepAll(boolean forwards) throws SstException {
    for (Input in : inputs) {
      if (forwards) {
        in.cursor.next();
      } else {
        in.cursor.prev();
      }
      in.refresh();
    }
  }

  private void rebuild(PriorityQueue<Input> h) {
    forward.clear();
    reverse.clear();
    heap = h;
    for (Input in : inputs) {
      if (in.has) {
        heap.add(in);
      }
    }
    settle();
  }

  private void settle() {
    current = heap.peek();
    if (current == null) {
      state = heap == forward ? AFTER : BEFORE;
    } else {
      state = ON;
    }
  }

  @Override
  public boolean hasItem() {
    return state == ON;
  }

  @Override
  public byte[] key() {
    return hasItem() ? current.key : null;
  }

  @Override
  public long timestamp() {
    return current.timestamp;
  }

  @Override
  public byte[] value() {
    return hasItem() ? current.cursor.value() : null;
  }

  /** Index of the input the current item comes from, or -1. */
  public int currentInput() {
    return hasItem() ? current.index : -1;
  }

  @Override
  public void close() throws SstException {
    SstException first = null;
    for (Input in : inputs) {
      try {
        in.cursor.close();
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

  /** Total order over positioned inputs: (key, timestamp) then input index. */
  private static int compare(Input a, Input b) {
    int c = KeyOrder.compare(a.key, a.timestamp, b.key, b.timestamp);
    return c != 0 ? c : Integer.compare(a.index, b.index);
  }

  /** One input with its current key cached, so comparisons do not copy keys. */
  private static final class Input {
    final Cursor cursor;
    final int index;
    boolean has;
    byte[] key;
    long timestamp;

    Input(Cursor cursor, int index) {
      this.cursor = cursor;
      this.index = index;
    }

    void refresh() {
      has = cursor.hasItem();
      if (has) {
        key = cursor.key();
        timestamp = cursor.timestamp();
      }
    }
  }
}
