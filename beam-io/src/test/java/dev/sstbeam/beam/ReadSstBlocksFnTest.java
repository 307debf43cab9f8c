package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.SdfHarness.ListReceiver;
import dev.sstbeam.beam.SdfHarness.Run;
import dev.sstbeam.beam.SdfHarness.Split;
import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.table.BlockMetadata;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReadSstBlocksFn} driven by hand: the restriction is the table's data blocks; pieces,
 * sizes from block metadata, and reading with trackers split while claiming.
 */
class ReadSstBlocksFnTest {

  private static Path table(String name) {
    return VectorFiles.vector("sst", name + ".sst");
  }

  /** A table of many data blocks: many.sst (hundreds) in the full vector set, else 15. */
  private static Path manyBlocks() {
    return Vectors.prefer("sst", "many.sst", "prefixes_restart1.sst");
  }

  private static List<BlockMetadata> blocks(Path table) throws Exception {
    try (Sst sst = Sst.open(table)) {
      return sst.dataBlocks();
    }
  }

  /** The items of blocks [from, to), read block by block with the format's cursors. */
  private static List<KeyValue> items(Path table, OffsetRange range) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (Sst sst = Sst.open(table)) {
      List<BlockMetadata> blocks = sst.dataBlocks();
      for (long i = range.getFrom(); i < Math.min(range.getTo(), blocks.size()); i++) {
        try (Cursor c = sst.blockCursor(blocks.get((int) i))) {
          c.seekToFirst();
          for (c.next(); c.hasItem(); c.next()) {
            out.add(c.keyValue());
          }
        }
      }
    }
    return out;
  }

  private static SdfHarness.Process<KeyValue> process(ReadSstBlocksFn fn, FileIO.ReadableFile file) {
    return (tracker, out) -> {
      ListReceiver<KeyValue> receiver = new ListReceiver<>();
      fn.process(file, tracker, receiver);
      out.addAll(receiver.items);
    };
  }

  private static List<OffsetRange> pieces(ReadSstBlocksFn fn, OffsetRange range) {
    ListReceiver<OffsetRange> out = new ListReceiver<>();
    fn.splitRestriction(range, out);
    return out.items;
  }

  @Test
  void initialRestrictionIsEveryDataBlock() throws Exception {
    ReadSstBlocksFn fn = new ReadSstBlocksFn(1024);
    for (Path t : List.of(manyBlocks(), table("many_bigblocks"), table("prefixes"), table("one"), table("small"))) {
      assertEquals(new OffsetRange(0, blocks(t).size()), fn.initialRestriction(SdfHarness.readableFile(t)), t.toString());
    }
    assertTrue(blocks(manyBlocks()).size() >= (Vectors.fullSetPresent() ? 300 : 15),
        manyBlocks() + " has many data blocks");
    Path empty = VectorFiles.vector("bad", "sst_empty_table.sst");
    assertEquals(new OffsetRange(0, 0), fn.initialRestriction(SdfHarness.readableFile(empty)));
  }

  @Test
  void splitRestrictionCutsPiecesOfTheConfiguredNumberOfBlocks() {
    assertEquals(List.of(new OffsetRange(0, 100), new OffsetRange(100, 200), new OffsetRange(200, 250)),
        pieces(new ReadSstBlocksFn(100), new OffsetRange(0, 250)));
    assertEquals(List.of(new OffsetRange(0, 250)), pieces(new ReadSstBlocksFn(1024), new OffsetRange(0, 250)));
    assertEquals(List.of(new OffsetRange(7, 8)), pieces(new ReadSstBlocksFn(1), new OffsetRange(7, 8)));
    assertEquals(List.of(), pieces(new ReadSstBlocksFn(1), new OffsetRange(0, 0)));
  }

  @Test
  void sizeIsTheBytesOfTheRangesDataBlocks() throws Exception {
    Path t = manyBlocks();
    List<BlockMetadata> blocks = blocks(t);
    FileIO.ReadableFile file = SdfHarness.readableFile(t);
    ReadSstBlocksFn fn = new ReadSstBlocksFn(4);
    int n = blocks.size();
    assertEquals(blocks.get(n - 1).limit() - blocks.get(0).start(), fn.getSize(file, new OffsetRange(0, n)), 0);
    assertEquals(blocks.get(3).limit() - blocks.get(3).start(), fn.getSize(file, new OffsetRange(3, 4)), 0);
    assertEquals(blocks.get(12).limit() - blocks.get(10).start(), fn.getSize(file, new OffsetRange(10, 13)), 0);
    assertEquals(0, fn.getSize(file, new OffsetRange(n, n + 5)), 0);
    double total = 0;
    for (OffsetRange piece : pieces(fn, fn.initialRestriction(file))) {
      total += fn.getSize(file, piece);
    }
    assertEquals(blocks.get(n - 1).limit() - blocks.get(0).start(), total, 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"many", "many_bigblocks", "prefixes_restart1", "big_values", "small", "one"})
  void initialPiecesReturnTheirBlocksItemsAndTogetherTheWholeTableInOrder(String name) throws Exception {
    Path t = table(name);
    FileIO.ReadableFile file = SdfHarness.readableFile(t);
    List<KeyValue> all = SstIOWriteTest.tableRecords(t);
    for (long perSplit : new long[] {1, 7, 1024}) {
      ReadSstBlocksFn fn = new ReadSstBlocksFn(perSplit);
      List<KeyValue> concatenated = new ArrayList<>();
      for (OffsetRange piece : pieces(fn, fn.initialRestriction(file))) {
        List<KeyValue> out = SdfHarness.processWithSplits(piece, List.of(), process(fn, file)).outputs;
        assertEquals(items(t, piece), out, name + " " + piece);
        concatenated.addAll(out);
      }
      assertEquals(all, concatenated, name + " with " + perSplit + " blocks per split");
    }
  }

  @Test
  void primaryAndResidualOfAnySplitTogetherReturnTheTableOnce() throws Exception {
    Path t = manyBlocks();
    List<KeyValue> expected = SstIOWriteTest.tableRecords(t);
    FileIO.ReadableFile file = SdfHarness.readableFile(t);
    ReadSstBlocksFn fn = new ReadSstBlocksFn(1024);
    OffsetRange whole = fn.initialRestriction(file);
    int splitsTaken = 0;
    for (int first : new int[] {1, 2, 7, (int) whole.getTo() / 2, (int) whole.getTo() - 1, (int) whole.getTo()}) {
      for (double f1 : new double[] {0, 0.01, 0.5, 0.99}) {
        for (int second : new int[] {1, 5}) {
          List<Split> splits = List.of(new Split(first, f1), new Split(second, 0.3), new Split(1, 0));
          Run<KeyValue> run = SdfHarness.processWithSplits(whole, splits, process(fn, file));
          assertEquals(expected.size(), run.outputs.size(), splits + " → " + run.restrictions);
          assertEquals(expected, run.outputs, splits + " → " + run.restrictions);
          SdfHarness.assertTiles(whole, run.restrictions);
          splitsTaken += run.splitsTaken;
        }
      }
    }
    assertTrue(splitsTaken > 40, "the splits were taken: " + splitsTaken);
  }

  @Test
  void anEmptyTableHasNothingToSplitOrRead() throws Exception {
    Path empty = VectorFiles.vector("bad", "sst_empty_table.sst");
    FileIO.ReadableFile file = SdfHarness.readableFile(empty);
    ReadSstBlocksFn fn = new ReadSstBlocksFn(1);
    OffsetRange none = fn.initialRestriction(file);
    assertEquals(List.of(), pieces(fn, none));
    assertEquals(0, fn.getSize(file, none), 0);
    assertEquals(List.of(), SdfHarness.processWithSplits(none, List.of(), process(fn, file)).outputs);
  }

  @Test
  void aCorruptDataBlockFailsWithTheFileOffsetAndCode() throws Exception {
    Path bad = VectorFiles.vector("bad", "sst_data_block_flipped.sst");
    FileIO.ReadableFile file = SdfHarness.readableFile(bad);
    ReadSstBlocksFn fn = new ReadSstBlocksFn(1);
    OffsetRange whole = fn.initialRestriction(file);
    SstException e = assertThrows(SstException.class,
        () -> SdfHarness.processWithSplits(whole, List.of(), process(fn, file)));
    assertEquals(ErrorCode.CRC32C_FAILURE, e.code());
    assertTrue(e.getMessage().contains("sst_data_block_flipped.sst"), e.getMessage());
    assertTrue(e.getMessage().contains("(start 0)") && e.getMessage().contains("(end 1013)"), e.getMessage());
  }
}
