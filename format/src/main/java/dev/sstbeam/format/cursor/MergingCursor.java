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
 * changing direction is exact even when inputs share items: on a switch, every other input is
 * repositioned just past (or before) the current item, then the current input moves.
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
      for (Input in : inputs) {
        in.cursor.next();
        in.refresh();
      }
      rebuild(forward);
      return;
    }
    if (heap != forward) {
      // Put every other input on its first item after the current one.
      for (Input in : inputs) {
        if (in == current) {
          continue;
        }
        in.cursor.seek(current.key);
        in.refresh();
        while (in.has && compare(in, current) < 0) {
          in.cursor.next();
          in.refresh();
        }
      }
      current.cursor.next();
      current.refresh();
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
      for (Input in : inputs) {
        in.cursor.prev();
        in.refresh();
      }
      rebuild(reverse);
      return;
    }
    if (heap != reverse) {
      // Put every other input on its last item before the current one.
      for (Input in : inputs) {
        if (in == current) {
          continue;
        }
        in.cursor.seek(current.key);
        in.refresh();
        while (in.has && compare(in, current) < 0) {
          in.cursor.next();
          in.refresh();
        }
        in.cursor.prev();
        in.refresh();
      }
      current.cursor.prev();
      current.refresh();
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
