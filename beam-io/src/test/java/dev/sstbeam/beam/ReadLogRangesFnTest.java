package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.SdfHarness.ListReceiver;
import dev.sstbeam.beam.SdfHarness.Run;
import dev.sstbeam.beam.SdfHarness.Split;
import dev.sstbeam.beam.SdfHarness.TagReceiver;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReadLogRangesFn} driven by hand: initial restriction, initial splits, sizes, and reading
 * with trackers that are split while claiming. max_batch.log has a MID-PAYLOAD boundary at block
 * 3 (a 1 MiB batch whose SECOND frame crosses it); boundary_distinct.log has boundaries that end
 * frames exactly, end in 10 and 19 bytes of padding, or hold FIRST/SECOND splits.
 */
class ReadLogRangesFnTest {
  private static final long B = LogRanges.BLOCK_SIZE;

  /** A record of the sequential reader and the block its first byte is in. */
  private static final class Owned {
    final KeyValue kv;
    final long block;

    Owned(KeyValue kv, long block) {
      this.kv = kv;
      this.block = block;
    }
  }

  private static List<Owned> sequential(Path log) throws Exception {
    List<Owned> out = new ArrayList<>();
    try (LogReader r = LogReader.open(log)) {
      for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
        out.add(new Owned(kv, LogRanges.blockOf(r.recordStart())));
      }
    }
    return out;
  }

  private static List<KeyValue> owned(List<Owned> all, OffsetRange range) {
    List<KeyValue> out = new ArrayList<>();
    for (Owned o : all) {
      if (o.block >= range.getFrom() && o.block < range.getTo()) {
        out.add(o.kv);
      }
    }
    return out;
  }

  private static SdfHarness.Process<KeyValue> process(ReadLogRangesFn fn, FileIO.ReadableFile file) {
    return (tracker, out) -> {
      TagReceiver receiver = new TagReceiver();
      fn.process(file, tracker, receiver);
      assertEquals(List.of(), receiver.items(ReadLogRangesFn.CORRUPT), "no corruption in a good log");
      out.addAll(receiver.logRecords());
    };
  }

  @Test
  void initialRestrictionCoversEveryBlockOfTheFile() throws Exception {
    ReadLogRangesFn fn = new ReadLogRangesFn(1, false);
    assertEquals(new OffsetRange(0, 4), fn.initialRestriction(SdfHarness.readableFile(VectorFiles.log("max_batch"))));
    if (Vectors.fullSetPresent()) {
      assertEquals(new OffsetRange(0, 6),
          fn.initialRestriction(SdfHarness.readableFile(VectorFiles.log("boundary_distinct"))));
    }
    assertEquals(new OffsetRange(0, 1), fn.initialRestriction(SdfHarness.readableFile(VectorFiles.log("one"))));
    assertEquals(new OffsetRange(0, 0), fn.initialRestriction(SdfHarness.readableFile(VectorFiles.log("empty"))));
  }

  @Test
  void splitRestrictionCutsPiecesOfTheConfiguredNumberOfBlocks() {
    assertEquals(List.of(new OffsetRange(0, 1), new OffsetRange(1, 2), new OffsetRange(2, 3),
            new OffsetRange(3, 4), new OffsetRange(4, 5), new OffsetRange(5, 6)),
        pieces(new ReadLogRangesFn(1, false), new OffsetRange(0, 6)));
    assertEquals(List.of(new OffsetRange(0, 4), new OffsetRange(4, 6)),
        pieces(new ReadLogRangesFn(4, false), new OffsetRange(0, 6)));
    assertEquals(List.of(new OffsetRange(0, 6)), pieces(new ReadLogRangesFn(64, false), new OffsetRange(0, 6)));
    assertEquals(List.of(), pieces(new ReadLogRangesFn(64, false), new OffsetRange(0, 0)));
  }

  private static List<OffsetRange> pieces(ReadLogRangesFn fn, OffsetRange range) {
    ListReceiver<OffsetRange> out = new ListReceiver<>();
    fn.splitRestriction(range, out);
    return out.items;
  }

  @Test
  void sizeIsTheBytesOfTheBlocksBoundedByTheFile() throws Exception {
    Path log = VectorFiles.log("max_batch");
    long size = Files.size(log);
    FileIO.ReadableFile file = SdfHarness.readableFile(log);
    ReadLogRangesFn fn = new ReadLogRangesFn(1, false);
    assertEquals(size, fn.getSize(file, new OffsetRange(0, 4)), 0);
    assertEquals(B, fn.getSize(file, new OffsetRange(1, 2)), 0);
    assertEquals(size - 3 * B, fn.getSize(file, new OffsetRange(3, 4)), 0);
    assertEquals(0, fn.getSize(file, new OffsetRange(4, 9)), 0);
    double total = 0;
    for (OffsetRange piece : pieces(fn, fn.initialRestriction(file))) {
      total += fn.getSize(file, piece);
    }
    assertEquals(size, total, 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"max_batch", "boundary_distinct", "big_values", "batches"})
  void everyInitialPieceReturnsExactlyTheRecordsStartingInItsBlocks(String name) throws Exception {
    Path log = VectorFiles.log(name);
    List<Owned> all = sequential(log);
    FileIO.ReadableFile file = SdfHarness.readableFile(log);
    for (long perSplit : new long[] {1, 2, 3}) {
      ReadLogRangesFn fn = new ReadLogRangesFn(perSplit, false);
      List<KeyValue> concatenated = new ArrayList<>();
      for (OffsetRange piece : pieces(fn, fn.initialRestriction(file))) {
        List<KeyValue> out = SdfHarness.processWithSplits(piece, List.of(), process(fn, file)).outputs;
        assertEquals(owned(all, piece), out, name + " " + piece);
        concatenated.addAll(out);
      }
      assertEquals(owned(all, new OffsetRange(0, Long.MAX_VALUE)), concatenated);
    }
  }

  @Test
  void theMidPayloadBoundaryOfMaxBatchIsResumedAfterTheCrossingFrame() throws Exception {
    Path log = VectorFiles.log("max_batch");
    assertTrue(LogRanges.plan(log).isMidPayload(3), "the vector's boundary 3 is mid-payload");
    List<Owned> all = sequential(log);
    FileIO.ReadableFile file = SdfHarness.readableFile(log);
    ReadLogRangesFn fn = new ReadLogRangesFn(1, false);
    OffsetRange last = new OffsetRange(3, 4);
    List<KeyValue> out = SdfHarness.processWithSplits(last, List.of(), process(fn, file)).outputs;
    assertEquals(owned(all, last), out);
    assertTrue(!out.isEmpty(), "records start after the crossing frame in block 3");
  }

  /**
   * Splits at every point a runner could choose — after the 1st, 2nd, … claim, at fractions from
   * a checkpoint (0) to nearly all of the remainder — and again inside the residual: the primary
   * and residual outputs, in order, are always the sequential reader's records, each once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"max_batch", "boundary_distinct"})
  void primaryAndResidualOfAnySplitTogetherReturnEveryRecordOnce(String name) throws Exception {
    Path log = VectorFiles.log(name);
    List<KeyValue> expected = owned(sequential(log), new OffsetRange(0, Long.MAX_VALUE));
    FileIO.ReadableFile file = SdfHarness.readableFile(log);
    ReadLogRangesFn fn = new ReadLogRangesFn(64, false);
    OffsetRange whole = fn.initialRestriction(file);
    double[] fractions = {0, 0.1, 0.34, 0.5, 0.75, 0.99};
    int splitsTaken = 0;
    for (int first = 1; first <= whole.getTo(); first++) {
      for (double f1 : fractions) {
        for (int second = 1; second <= 2; second++) {
          for (double f2 : new double[] {0, 0.5}) {
            List<Split> splits = List.of(new Split(first, f1), new Split(second, f2));
            Run<KeyValue> run = SdfHarness.processWithSplits(whole, splits, process(fn, file));
            assertEquals(expected, run.outputs, name + " " + splits + " → " + run.restrictions);
            SdfHarness.assertTiles(whole, run.restrictions);
            splitsTaken += run.splitsTaken;
          }
        }
      }
    }
    assertTrue(splitsTaken > 20, "the splits were taken: " + splitsTaken);
  }

  /**
   * The totals mode claims as the lists do: under the same splits, the totals of primary and
   * residuals add up to the count and setsum of every record of the log, each once, and no part
   * is emitted empty.
   */
  @ParameterizedTest
  @ValueSource(strings = {"max_batch", "boundary_distinct"})
  void totalsOfAnySplitAddUpToEveryRecordOnce(String name) throws Exception {
    Path log = VectorFiles.log(name);
    Setsum expected = new Setsum();
    long count = 0;
    for (Owned o : sequential(log)) {
      expected.insert(o.kv);
      count++;
    }
    FileIO.ReadableFile file = SdfHarness.readableFile(log);
    ReadLogRangesFn fn = new ReadLogRangesFn(64, false, ReadLogRangesFn.Output.TOTALS);
    OffsetRange whole = fn.initialRestriction(file);
    SdfHarness.Process<RecordTotals> totals = (tracker, out) -> {
      TagReceiver receiver = new TagReceiver();
      NoOutputAfterFailedClaim checked = new NoOutputAfterFailedClaim(tracker, receiver);
      fn.process(file, checked, receiver);
      checked.checkNoOutputAfterFailure();
      assertEquals(List.of(), receiver.items(ReadLogRangesFn.BLOCKS), "no records in totals mode");
      out.addAll(receiver.items(ReadLogRangesFn.TOTALS));
    };
    for (int first = 1; first <= whole.getTo(); first++) {
      for (double f1 : new double[] {0, 0.34, 0.75}) {
        List<Split> splits = List.of(new Split(first, f1), new Split(1, 0));
        Run<RecordTotals> run = SdfHarness.processWithSplits(whole, splits, totals);
        RecordTotals sum = new RecordTotals();
        for (RecordTotals t : run.outputs) {
          assertTrue(t.records() > 0, "an emitted part holds records");
          sum.add(t);
        }
        assertEquals(count, sum.records(), name + " " + splits);
        assertEquals(expected, sum.setsum(), name + " " + splits);
        SdfHarness.assertTiles(whole, run.restrictions);
      }
    }
  }

  /**
   * A tracker that holds the DoFn to the splittable DoFn contract runners enforce: after a failed
   * claim, nothing more is output (it checks at the next claim and when the call returns).
   */
  private static final class NoOutputAfterFailedClaim extends RestrictionTracker<OffsetRange, Long> {
    private final RestrictionTracker<OffsetRange, Long> inner;
    private final TagReceiver receiver;
    private int outputsAtFailure = -1;

    NoOutputAfterFailedClaim(RestrictionTracker<OffsetRange, Long> inner, TagReceiver receiver) {
      this.inner = inner;
      this.receiver = receiver;
    }

    private int outputs() {
      return receiver.items(ReadLogRangesFn.TOTALS).size() + receiver.items(ReadLogRangesFn.BLOCKS).size();
    }

    @Override
    public boolean tryClaim(Long position) {
      checkNoOutputAfterFailure();
      boolean ok = inner.tryClaim(position);
      if (!ok && outputsAtFailure < 0) {
        outputsAtFailure = outputs();
      }
      return ok;
    }

    @Override
    public OffsetRange currentRestriction() {
      return inner.currentRestriction();
    }

    @Override
    public SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
      return inner.trySplit(fractionOfRemainder);
    }

    void checkNoOutputAfterFailure() {
      if (outputsAtFailure >= 0) {
        assertEquals(outputsAtFailure, outputs(), "output after a failed claim");
      }
    }

    @Override
    public void checkDone() throws IllegalStateException {
      inner.checkDone();
    }

    @Override
    public IsBounded isBounded() {
      return inner.isBounded();
    }
  }
}
