package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import dev.sstbeam.format.table.SstMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/** Table sets for the compaction tests: made from single tables, and read back. */
final class TableSets {
  private TableSets() {}

  /**
   * A table set in {@code dir} holding a copy of {@code table} as its only table, with the
   * manifest SstIO.write would have written for it.
   */
  static Path oneTableSet(Path table, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path copy = dir.resolve("part-00000-00000.sst");
    Files.copy(table, copy);
    SstManifest m = new SstManifest();
    try (Sst sst = Sst.open(copy)) {
      SstMetadata md = sst.metadata();
      SstManifest.Table t = new SstManifest.Table();
      t.file = copy.getFileName().toString();
      t.firstKey = HexFormat.of().formatHex(md.firstKey());
      t.lastKey = HexFormat.of().formatHex(md.lastKey());
      t.smallestTimestamp = Long.toUnsignedString(md.smallestTimestamp());
      t.biggestTimestamp = Long.toUnsignedString(md.biggestTimestamp());
      t.records = records(copy).size();
      t.bytes = md.fileSize();
      t.setsum = md.setsum().hexDigest();
      m.tables.add(t);
      m.records = t.records;
      m.setsum = t.setsum;
    }
    m.write(FileSystems.matchNewResource(dir.resolve(SstManifest.FILE_NAME).toString(), false));
    return dir;
  }

  /** Every record of a table, in table order. */
  static List<KeyValue> records(Path table) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (Sst sst = Sst.open(table); SstCursor c = sst.cursor()) {
      c.seekToFirst();
      for (c.next(); c.hasItem(); c.next()) {
        out.add(c.keyValue());
      }
    }
    return out;
  }

  /** Every record of the tables a manifest lists, in manifest order. */
  static List<KeyValue> records(Path dir, SstManifest m) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    for (SstManifest.Table t : m.tables) {
      out.addAll(records(dir.resolve(t.file)));
    }
    return out;
  }
}
