package dev.sstbeam.examples;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.cursor.Bound;
import dev.sstbeam.format.cursor.BoundsCursor;
import dev.sstbeam.format.cursor.PruningCursor;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes a small sorted table, then looks keys up: point lookups at a timestamp, a full scan,
 * and a range scan of a snapshot.
 *
 * <pre>java ... dev.sstbeam.examples.LookUpKeys /tmp/example.sst</pre>
 */
public final class LookUpKeys {
  private LookUpKeys() {}

  public static void main(String[] args) throws Exception {
    Path path = Paths.get(args.length > 0 ? args[0] : "example.sst");

    // Items must be added in table order: key ascending, and for one key newest first.
    try (SstWriter w = SstWriter.create(path, SstOptions.DEFAULT)) {
      w.put(bytes("apple"), 20, bytes("red"));
      w.put(bytes("apple"), 10, bytes("green"));
      w.del(bytes("banana"), 30);                 // deleted at 30...
      w.put(bytes("banana"), 5, bytes("yellow")); // ...after being written at 5
      w.put(bytes("cherry"), 7, bytes("dark"));
      w.seal();                                   // fsync, then publish under the final name
    }

    try (Sst sst = Sst.open(path)) {
      // load(key, ts): the newest version at or below ts (the bloom filter is consulted first).
      show("apple @ 15", sst.load(bytes("apple"), 15));     // green
      show("apple @ 99", sst.load(bytes("apple"), 99));     // red
      show("banana @ 99", sst.load(bytes("banana"), 99));   // a tombstone
      show("durian @ 99", sst.load(bytes("durian"), 99));   // not there

      // A cursor sees every version, tombstones included.
      try (SstCursor c = sst.cursor()) {
        c.seekToFirst();
        for (c.next(); c.hasItem(); c.next()) {
          show("scan", c.keyValue());
        }
      }

      // Snapshots restricted to keys in [apple, banana]: one visible version per key, deleted keys
      // hidden. At 25 banana is still "yellow"; at 35 its delete (at 30) hides it.
      snapshot(sst, 25);
      snapshot(sst, 35);
    }
  }

  private static void snapshot(Sst sst, long timestamp) throws Exception {
    try (BoundsCursor c = new BoundsCursor(new PruningCursor(sst.cursor(), timestamp),
        Bound.included(bytes("apple")), Bound.included(bytes("banana")))) {
      c.seekToFirst();
      for (c.next(); c.hasItem(); c.next()) {
        show("snapshot@" + timestamp, c.keyValue());
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void show(String what, KeyValue kv) {
    String text = kv == null ? "none"
        : new String(kv.key(), StandardCharsets.UTF_8) + " @ " + Long.toUnsignedString(kv.timestamp())
            + " -> " + (kv.isTombstone() ? "<TOMBSTONE>" : new String(kv.value(), StandardCharsets.UTF_8));
    System.out.println(what + ": " + text);
  }
}
