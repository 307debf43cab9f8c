package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Several random tables whose keys overlap and which share identical {@code (key, timestamp)}
 * items (with the same value, another value, or put/tombstone swapped), with the model of their
 * merge: all items in table order, ties ordered by input index.
 */
final class MergedModel {
  final List<List<KeyValue>> inputs = new ArrayList<>();
  final List<KeyValue> merged = new ArrayList<>();
  /** The input each item of {@link #merged} comes from. */
  final int[] sources;

  MergedModel(Random r, int n) {
    List<KeyValue> shared = RandomItems.items(r, RandomItems.count(r), 0.25);
    for (int i = 0; i < n; i++) {
      TreeMap<KeyValue, KeyValue> table = new TreeMap<>(KeyOrder.INSTANCE);
      if (r.nextInt(8) != 0) {
        int share = 1 + r.nextInt(3);
        for (KeyValue kv : shared) {
          if (r.nextInt(share + 1) == 0) {
            continue;
          }
          switch (r.nextInt(3)) {
            case 0:
              table.put(kv, kv);
              break;
            case 1:
              KeyValue other = RandomItems.item(r, kv.key(), kv.timestamp(), 0);
              table.put(other, other);
              break;
            default:
              KeyValue flip = kv.isTombstone()
                  ? KeyValue.put(kv.key(), kv.timestamp(), RandomItems.value(r))
                  : KeyValue.del(kv.key(), kv.timestamp());
              table.put(flip, flip);
          }
        }
        for (KeyValue kv : RandomItems.items(r, RandomItems.count(r) / 2, 0.25)) {
          table.putIfAbsent(kv, kv);
        }
      }
      inputs.add(new ArrayList<>(table.keySet()));
    }
    List<int[]> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < inputs.get(i).size(); j++) {
        order.add(new int[] {i, j});
      }
    }
    Comparator<int[]> byItem = (a, b) -> KeyOrder.INSTANCE.compare(
        inputs.get(a[0]).get(a[1]), inputs.get(b[0]).get(b[1]));
    order.sort(byItem.thenComparingInt(a -> a[0]));
    sources = new int[order.size()];
    for (int k = 0; k < order.size(); k++) {
      int[] o = order.get(k);
      merged.add(inputs.get(o[0]).get(o[1]));
      sources[k] = o[0];
    }
  }

  /** Writes each input as a table; returns the open tables, in input order. */
  List<Sst> write(Path dir, String name, Random r) throws Exception {
    List<Sst> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      SstOptions options = RandomItems.options(r);
      Path p = RandomItems.write(dir.resolve(name + "-" + i + ".sst"), inputs.get(i), options);
      out.add(Sst.open(p));
    }
    return out;
  }

  static List<Cursor> cursors(List<Sst> tables) {
    List<Cursor> out = new ArrayList<>();
    for (Sst t : tables) {
      out.add(t.cursor());
    }
    return out;
  }

  List<Cursor> listCursors() {
    List<Cursor> out = new ArrayList<>();
    for (List<KeyValue> in : inputs) {
      out.add(new ListCursor(in));
    }
    return out;
  }

  String describe() {
    StringBuilder b = new StringBuilder();
    for (List<KeyValue> in : inputs) {
      b.append(b.length() == 0 ? "" : "+").append(in.size());
    }
    return b + " items";
  }

  static void closeAll(List<Sst> tables) throws Exception {
    for (Sst t : tables) {
      t.close();
    }
  }
}
