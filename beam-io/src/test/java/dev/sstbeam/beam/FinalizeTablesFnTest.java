package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retried finalize (the runner re-runs FinalizeTablesFn after a failure, or after it succeeded
 * but the success was lost) completes the same output: tables already renamed stay, tables not
 * yet renamed are, and the manifest is the same.
 */
class FinalizeTablesFnTest {
  @TempDir Path out;
  @TempDir Path temp;
  private SstManifest written;
  private Map<String, byte[]> tableBytes;

  /** A real write, keeping the temporary directory's name so finalize can be replayed. */
  @BeforeEach
  void write() throws Exception {
    List<KeyValue> input = TestRecords.generate(31, 1500, 400, 100);
    TestRecords.runPipeline(p -> p.apply(Create.of(input).withCoder(KeyValueCoder.of()))
        .apply(SstIO.write().to(out.toString()).withTempDirectory(temp.toString())
            .withNumPartitions(3).withTargetFileSize(8 << 10)));
    written = SstManifest.readFromDirectory(out.toString());
    assertTrue(written.tables.size() >= 4, "several tables in several partitions");
    tableBytes = new HashMap<>();
    for (SstManifest.Table t : written.tables) {
      tableBytes.put(t.file, Files.readAllBytes(out.resolve(t.file)));
    }
    assertFalse(Files.exists(temp.resolve("tables")), "finalize cleaned up");
  }

  /** What WritePartitionFn reported: per partition, its tables under their temporary names. */
  private List<PartitionResult> resultsOfTheWrite() {
    Map<Integer, List<SstManifest.Table>> byPartition = new TreeMap<>();
    Map<Integer, List<String>> tempFiles = new TreeMap<>();
    for (SstManifest.Table t : written.tables) {
      int partition = Integer.parseInt(t.file.substring(5, 10));
      String tempName = temp.resolve("tables").resolve("p-" + t.file.substring(5)).toString();
      SstManifest.Table copy = copy(t);
      copy.file = tempName;
      byPartition.computeIfAbsent(partition, k -> new ArrayList<>()).add(copy);
      tempFiles.computeIfAbsent(partition, k -> new ArrayList<>()).add(tempName);
    }
    List<PartitionResult> results = new ArrayList<>();
    for (int partition : byPartition.keySet()) {
      results.add(new PartitionResult(partition, byPartition.get(partition), tempFiles.get(partition), 0,
          new Setsum().hexDigest()));
    }
    return results;
  }

  private static SstManifest.Table copy(SstManifest.Table t) {
    SstManifest.Table c = new SstManifest.Table();
    c.file = t.file;
    c.firstKey = t.firstKey;
    c.lastKey = t.lastKey;
    c.smallestTimestamp = t.smallestTimestamp;
    c.biggestTimestamp = t.biggestTimestamp;
    c.records = t.records;
    c.bytes = t.bytes;
    c.setsum = t.setsum;
    return c;
  }

  /** Runs FinalizeTablesFn again, alone, with the same results as side input. */
  private void finalizeAgain(List<PartitionResult> results) {
    finalizeAgain(results, List.of(), false);
  }

  /** The same, with these runs, and with or without the balance check. */
  private void finalizeAgain(List<PartitionResult> results, List<RunInfo> runs, boolean balanceCheck) {
    TestRecords.runPipeline(p -> {
      PCollectionView<List<PartitionResult>> resultsView = p
          .apply("Results", Create.of(results).withCoder(SerializableCoder.of(PartitionResult.class)))
          .apply("ResultsView", View.asList());
      PCollectionView<List<RunInfo>> runsView = p
          .apply("Runs", Create.of(runs).withCoder(SerializableCoder.of(RunInfo.class)))
          .apply("RunsView", View.asList());
      p.apply(Create.of(0)).apply(ParDo.of(
              new FinalizeTablesFn(out.toString(), temp.toString(), written.job, resultsView, runsView)
                  .withBalanceCheck(balanceCheck))
          .withSideInputs(resultsView, runsView));
    });
  }

  /** A run (already merged away) that says it was sorted from these input totals. */
  private static RunInfo runFrom(long records, Setsum setsum) {
    return new RunInfo("gone.sst", new byte[] {1}, new byte[] {2}, records, 0, List.of(),
        new long[0], 0, new Setsum().hexDigest(), records, setsum.hexDigest());
  }

  @Test
  void aBalanceCheckedFinalizeWhoseInputDoesNotAddUpPublishesNothing() throws Exception {
    String moved = written.tables.get(0).file;
    Files.createDirectories(temp.resolve("tables"));
    Files.move(out.resolve(moved), temp.resolve("tables").resolve("p-" + moved.substring(5)));
    Files.delete(out.resolve(SstManifest.FILE_NAME));
    holdTheClaimAgain();
    Setsum tables = Setsum.fromHexDigest(written.setsum);
    // One record more than the tables hold: its setsum is the tables' plus one item.
    Setsum oneMore = tables.plus(new Setsum().insert(KeyValue.put(new byte[] {7}, 1, new byte[] {8})));
    Exception e = assertThrows(Exception.class, () -> finalizeAgain(resultsOfTheWrite(),
        List.of(runFrom(written.records + 1, oneMore)), true));
    assertThat(SstIOReadTest.messages(e), containsString("balance MISMATCH, so nothing is published"));
    assertFalse(Files.exists(out.resolve(moved)), "nothing renamed");
    assertFalse(Files.exists(out.resolve(SstManifest.FILE_NAME)));
    // The same finalize with the input the tables came from publishes them.
    finalizeAgain(resultsOfTheWrite(), List.of(runFrom(written.records, tables)), true);
    assertOutputIsTheWrite();
  }

  private void assertOutputIsTheWrite() throws Exception {
    SstManifest again = SstManifest.readFromDirectory(out.toString());
    assertEquals(written.toJson(), again.toJson());
    for (SstManifest.Table t : written.tables) {
      assertArrayEquals(tableBytes.get(t.file), Files.readAllBytes(out.resolve(t.file)), t.file);
    }
    SstIOWriteTest.assertOnlyTablesAndManifest(out, again);
  }

  @Test
  void aRetryAfterFinalizeCompletedLeavesTheSameOutput() throws Exception {
    finalizeAgain(resultsOfTheWrite());
    assertOutputIsTheWrite();
  }

  @Test
  void aRetryAfterSomeRenamesCompletesThemAndRewritesTheManifest() throws Exception {
    // As if the first attempt died after renaming some tables, before writing the manifest.
    Files.createDirectories(temp.resolve("tables"));
    for (int i = 1; i < written.tables.size(); i += 2) {
      String name = written.tables.get(i).file;
      Files.move(out.resolve(name), temp.resolve("tables").resolve("p-" + name.substring(5)));
    }
    Files.delete(out.resolve(SstManifest.FILE_NAME));
    holdTheClaimAgain();
    finalizeAgain(resultsOfTheWrite());
    assertOutputIsTheWrite();
  }

  /** The first attempt died before releasing the claim: the job still holds it. */
  private void holdTheClaimAgain() throws Exception {
    OutputClaim.byThisProcess(written.job, temp.toString()).take(BeamFiles.directory(out.toString()),
        org.apache.beam.sdk.options.PipelineOptionsFactory.create());
  }

  @Test
  void aFinalizeWithoutTheClaimPublishesNothing() throws Exception {
    String moved = written.tables.get(0).file;
    Files.createDirectories(temp.resolve("tables"));
    Files.move(out.resolve(moved), temp.resolve("tables").resolve("p-" + moved.substring(5)));
    Files.delete(out.resolve(SstManifest.FILE_NAME));
    Exception e = assertThrows(Exception.class, () -> finalizeAgain(resultsOfTheWrite()));
    assertThat(SstIOReadTest.messages(e), containsString("no longer holds its claim"));
    assertFalse(Files.exists(out.resolve(moved)), "nothing renamed without the claim");
    assertFalse(Files.exists(out.resolve(SstManifest.FILE_NAME)));
  }

  @Test
  void aFinalizeFindingAnotherJobsManifestPublishesNothing() throws Exception {
    SstManifest other = SstManifest.readFromDirectory(out.toString());
    other.job = "another-job";
    Files.writeString(out.resolve(SstManifest.FILE_NAME), other.toJson());
    holdTheClaimAgain();
    Exception e = assertThrows(Exception.class, () -> finalizeAgain(resultsOfTheWrite()));
    assertThat(SstIOReadTest.messages(e), containsString("MANIFEST.json of another job (another-job)"));
    assertEquals(other.toJson(), Files.readString(out.resolve(SstManifest.FILE_NAME)));
  }

  @Test
  void aTableInNeitherPlaceFailsTheFinalizeInsteadOfListingIt() throws Exception {
    String lost = written.tables.get(1).file;
    Files.delete(out.resolve(lost));
    Files.delete(out.resolve(SstManifest.FILE_NAME));
    holdTheClaimAgain();
    Exception e = assertThrows(Exception.class, () -> finalizeAgain(resultsOfTheWrite()));
    assertThat(SstIOReadTest.messages(e), containsString(lost));
    assertFalse(Files.exists(out.resolve(SstManifest.FILE_NAME)), "no manifest names a missing table");
  }
}
