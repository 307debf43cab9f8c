package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import java.util.Objects;

/**
 * A cursor over a stream of items that can be read only once, forwards, in table order: say, a
 * merge of sorted runs with duplicates filtered out, handed to something that reads cursors (a
 * {@code RetainedRecords}). It supports what one forward pass needs: {@link #seekToFirst()} before
 * the first {@link #next()}, then {@code next()} until the stream ends. Any other move — a seek, a
 * step back, a second pass — throws {@link UnsupportedOperationException}: the stream cannot go
 * back.
 */
public final class StreamCursor implements Cursor {
  /** The stream: its next item, or null once it has ended (and from then on). */
  @FunctionalInterface
  public interface Source {
    KeyValue next() throws SstException;
  }

  private final Source source;
  private boolean started;
  private KeyValue current;

  public StreamCursor(Source source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Before the first item; only before the stream was read. */
  @Override
  public void seekToFirst() {
    if (started) {
      throw new UnsupportedOperationException("a stream cursor cannot go back to its start");
    }
  }

  @Override
  public void next() throws SstException {
    if (started && current == null) {
      return;
    }
    started = true;
    current = source.next();
  }

  @Override
  public void seekToLast() {
    throw new UnsupportedOperationException("a stream cursor only moves forwards");
  }

  @Override
  public void seek(byte[] key) {
    throw new UnsupportedOperationException("a stream cursor only moves forwards");
  }

  @Override
  public void prev() {
    throw new UnsupportedOperationException("a stream cursor only moves forwards");
  }

  @Override
  public boolean hasItem() {
    return current != null;
  }

  @Override
  public byte[] key() {
    return current == null ? null : current.key();
  }

  @Override
  public long timestamp() {
    return current == null ? 0 : current.timestamp();
  }

  @Override
  public byte[] value() {
    return current == null ? null : current.value();
  }

  @Override
  public KeyValue keyValue() {
    return current;
  }
}
