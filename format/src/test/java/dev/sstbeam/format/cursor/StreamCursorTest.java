package dev.sstbeam.format.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sstbeam.format.KeyValue;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StreamCursor}: one forward pass over its source, tombstones as items, then the end. */
class StreamCursorTest {
  @Test
  void readsItsSourceOnceForwardsAndRefusesToGoBack() throws Exception {
    List<KeyValue> items = List.of(KeyValue.put(new byte[] {1}, 2, new byte[0]),
        KeyValue.del(new byte[] {2}, 1));
    Iterator<KeyValue> it = items.iterator();
    int[] calls = {0};
    StreamCursor c = new StreamCursor(() -> {
      calls[0]++;
      return it.hasNext() ? it.next() : null;
    });
    c.seekToFirst();
    assertFalse(c.hasItem());
    c.next();
    assertEquals(items.get(0), c.keyValue());
    c.next();
    assertEquals(items.get(1), c.keyValue());
    assertNull(c.value());
    c.next();
    assertFalse(c.hasItem());
    assertNull(c.key());
    c.next();
    assertFalse(c.hasItem());
    assertEquals(3, calls[0], "the ended source is not asked again");
    assertThrows(UnsupportedOperationException.class, c::seekToFirst);
    assertThrows(UnsupportedOperationException.class, c::prev);
    assertThrows(UnsupportedOperationException.class, c::seekToLast);
    assertThrows(UnsupportedOperationException.class, () -> c.seek(new byte[0]));
  }
}
