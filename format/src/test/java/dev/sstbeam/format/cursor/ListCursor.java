package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * The model cursor: the contract of FORMAT.md §6.1 over a list already sorted in table order
 * (duplicates allowed, kept in list order). Position -1 is before-first, size() after-last.
 */
public final class ListCursor implements Cursor {
  private final List<KeyValue> items;
  private int position = -1;

  public ListCursor(List<KeyValue> items) {
    this.items = items;
  }

  /** The index of the current item, -1 before the first, size() after the last. */
  int position() {
    return position;
  }

  @Override
  public void seekToFirst() {
    position = -1;
  }

  @Override
  public void seekToLast() {
    position = items.size();
  }

  /** The first item whose key is ≥ {@code key}, by binary search. */
  @Override
  public void seek(byte[] key) {
    int lo = 0;
    int hi = items.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(items.get(mid).key(), key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    position = lo;
  }

  @Override
  public void next() {
    if (position < items.size()) {
      position++;
    }
  }

  @Override
  public void prev() {
    if (position >= 0) {
      position--;
    }
  }

  @Override
  public boolean hasItem() {
    return position >= 0 && position < items.size();
  }

  @Override
  public byte[] key() {
    return hasItem() ? items.get(position).key() : null;
  }

  @Override
  public long timestamp() {
    return items.get(position).timestamp();
  }

  @Override
  public byte[] value() {
    return hasItem() ? items.get(position).value() : null;
  }
}
