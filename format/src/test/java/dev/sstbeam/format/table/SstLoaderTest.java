package dev.sstbeam.format.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SstLoader} answers every lookup as {@link Sst#load} does, in sorted and in random order,
 * for present keys at, between and below their versions' timestamps, and for absent keys; and
 * {@link Sst#indexEntries()} cuts the table between its blocks.
 */
class SstLoaderTest {
  @TempDir Path dir;

  /** A table of 300 keys with up to 6 versions (some tombstones) and 3 KiB values: many blocks. */
  private Path table(Random r) throws Exception {
    Path path = dir.resolve("t.sst");
    try (SstWriter w = SstWriter.create(path)) {
      for (int k = 0; k < 300; k++) {
        byte[] key = String.format("key%05d", k * 2).getBytes();
        long ts = 1000;
        int versions = 1 + r.nextInt(6);
        for (int v = 0; v < versions; v++) {
          ts -= 1 + r.nextInt(100);
          if (r.nextInt(5) == 0) {
            w.del(key, ts);
          } else {
            byte[] value = new byte[r.nextInt(3000)];
            r.nextBytes(value);
            w.put(key, ts, value);
          }
        }
      }
      w.seal();
    }
    return path;
  }

  private static List<KeyValue> items(Sst sst) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (SstCursor c = sst.cursor()) {
      c.seekToFirst();
      for (c.next(); c.hasItem(); c.next()) {
        out.add(c.keyValue());
      }
    }
    return out;
  }

  @Test
  void loaderAnswersAsLoadInSortedAndRandomOrder() throws Exception {
    Random r = new Random(7);
    try (Sst sst = Sst.open(table(r))) {
      List<KeyValue> items = items(sst);
      List<KeyValue> requests = new ArrayList<>();
      for (KeyValue kv : items) {
        requests.add(KeyValue.del(kv.key(), kv.timestamp()));
        requests.add(KeyValue.del(kv.key(), kv.timestamp() + 1));
        requests.add(KeyValue.del(kv.key(), kv.timestamp() - 1));
        requests.add(KeyValue.del(kv.key(), 0));
        requests.add(KeyValue.del(kv.key(), -1L));
        byte[] absent = Arrays.copyOf(kv.key(), kv.key().length + 1);
        requests.add(KeyValue.del(absent, -1L));
      }
      requests.add(KeyValue.del(new byte[0], -1L));
      requests.add(KeyValue.del(new byte[] {(byte) 0xff}, -1L));
      requests.sort(KeyOrder.INSTANCE);
      check(sst, requests);
      java.util.Collections.shuffle(requests, r);
      check(sst, requests);
    }
  }

  private static void check(Sst sst, List<KeyValue> requests) throws Exception {
    int found = 0;
    try (SstLoader loader = sst.loader()) {
      for (KeyValue q : requests) {
        KeyValue expected = sst.load(q.key(), q.timestamp());
        assertEquals(expected, loader.load(q.key(), q.timestamp()), q.toString());
        found += expected == null ? 0 : 1;
      }
      assertTrue(loader.filtered() > 0, "the bloom filter answers some absent keys");
    }
    assertTrue(found > requests.size() / 3);
  }

  @Test
  void indexEntriesDivideTheTableBetweenItsBlocks() throws Exception {
    try (Sst sst = Sst.open(table(new Random(8)))) {
      List<Sst.IndexEntry> index = sst.indexEntries();
      assertEquals(sst.dataBlocks().size(), index.size());
      assertTrue(index.size() > 50);
      for (int i = 0; i < index.size(); i++) {
        Sst.IndexEntry e = index.get(i);
        List<KeyValue> block = new ArrayList<>();
        var c = sst.blockCursor(e.block());
        c.seekToFirst();
        for (c.next(); c.hasItem(); c.next()) {
          block.add(c.keyValue());
        }
        assertTrue(Arrays.compareUnsigned(block.get(block.size() - 1).key(), e.divider()) <= 0);
        if (i + 1 < index.size()) {
          var next = sst.blockCursor(index.get(i + 1).block());
          next.seekToFirst();
          next.next();
          assertTrue(Arrays.compareUnsigned(e.divider(), next.key()) <= 0);
        }
      }
    }
  }

  @Test
  void vectorTablesAnswerLoadsThroughTheLoader() throws Exception {
    for (String name : new String[] {"small.sst", "prefixes.sst", "bloom_bits1.sst"}) {
      try (Sst sst = Sst.open(Vectors.file("sst", name))) {
        List<KeyValue> requests = new ArrayList<>();
        for (KeyValue kv : items(sst)) {
          requests.add(KeyValue.del(kv.key(), kv.timestamp()));
          requests.add(KeyValue.del(Arrays.copyOf(kv.key(), kv.key().length + 1), 5));
        }
        requests.sort(KeyOrder.INSTANCE);
        try (SstLoader loader = sst.loader()) {
          for (KeyValue q : requests) {
            assertEquals(sst.load(q.key(), q.timestamp()), loader.load(q.key(), q.timestamp()));
          }
        }
      }
    }
  }
}
