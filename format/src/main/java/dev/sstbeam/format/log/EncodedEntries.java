package dev.sstbeam.format.log;

import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.wire.EntryCodec;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;

/** The setsum of KeyValueEntry encodings this package wrote itself (batch payloads). */
final class EncodedEntries {
  private EncodedEntries() {}

  /**
   * Inserts every entry of {@code buf[from, to)} into {@code target}, hashing keys and values in
   * place. The bytes must be whole entries written by {@link WriteBatch}; anything else is a bug.
   */
  static void addTo(BatchedSetsum target, byte[] buf, int from, int to) {
    WireReader r = new WireReader(buf, from, to);
    EntryCodec.DecodedEntry e = new EntryCodec.DecodedEntry();
    try {
      while (r.hasRemaining()) {
        EntryCodec.decode(r, e);
        if (e.put) {
          target.insertPut(
              buf, e.keyOffset, e.keyLength, e.timestamp, buf, e.valueOffset, e.valueLength);
        } else {
          target.insertDel(buf, e.keyOffset, e.keyLength, e.timestamp);
        }
      }
    } catch (WireException ex) {
      throw new IllegalStateException("a batch this writer encoded does not decode", ex);
    }
  }
}
