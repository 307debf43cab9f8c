package dev.sstbeam.format.cursor;

import dev.sstbeam.format.SstException;
import java.util.Objects;

/**
 * A cursor that shows some of the items of an inner cursor: it is before the first, on an item
 * (the inner cursor's current one), or after the last. Subclasses move the inner cursor and set
 * the state; the item accessors and {@link #close()} are shared here.
 */
abstract class FilteredCursor implements Cursor {
  static final int BEFORE = 0;
  static final int ON = 1;
  static final int AFTER = 2;

  final Cursor inner;
  int state = BEFORE;

  FilteredCursor(Cursor inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public boolean hasItem() {
    return state == ON;
  }

  @Override
  public byte[] key() {
    return state == ON ? inner.key() : null;
  }

  @Override
  public long timestamp() {
    return inner.timestamp();
  }

  @Override
  public byte[] value() {
    return state == ON ? inner.value() : null;
  }

  @Override
  public void close() throws SstException {
    inner.close();
  }
}
