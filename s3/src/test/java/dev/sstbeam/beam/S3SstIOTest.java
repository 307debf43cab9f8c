package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.s3.LocalS3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SstIO#write()} and {@link SstIO#read()} on S3 (s3proxy on 127.0.0.1): tables and manifest
 * written to {@code s3://bucket/...}, read back; the output's claim refuses a second writer; a
 * failed run leaves no object behind.
 */
class S3SstIOTest {
  private static final String BUSY = "is being written by another job";
  private static final String TAKEN = "already holds tables";
  private static LocalS3 s3;

  @TempDir Path local;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start("tables-bucket");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static SstIO.Write write(String prefix) {
    return SstIO.write().to(s3.url(prefix)).withNumPartitions(3).withTargetFileSize(64 << 10);
  }

  private static Pipeline pipeline(List<KeyValue> records, SstIO.Write write) {
    Pipeline p = Pipeline.create(s3.options());
    p.apply(Create.of(records).withCoder(KeyValueCoder.of())).apply(write);
    return p;
  }

  /** Runs a pipeline; on failure cleans up as a driver should and returns the failure. */
  private static Throwable runOrCleanUp(Pipeline p, SstIO.Write write) {
    try {
      PipelineResult.State state = p.run().waitUntilFinish();
      if (state == PipelineResult.State.DONE) {
        return null;
      }
      write.cleanUpAfterFailure();
      return new AssertionError("the pipeline ended " + state);
    } catch (RuntimeException e) {
      write.cleanUpAfterFailure();
      return e;
    }
  }

  /** The output under {@code prefix} holds exactly the job's tables and manifest, and {@code input}. */
  private SstManifest assertOutputIsExactly(String prefix, List<KeyValue> input, SstIO.Write writer)
      throws Exception {
    SstManifest m = SstManifest.readFromDirectory(s3.url(prefix));
    assertEquals(writer.getJob(), m.job);
    Path copy = s3.mirror(prefix + "/", local.resolve(prefix));
    SstIOWriteTest.assertOnlyTablesAndManifest(copy, m);
    List<KeyValue> distinct = new ArrayList<>(new LinkedHashSet<>(input));
    assertEquals(TestRecords.listing(TestRecords.sorted(distinct)),
        TestRecords.listing(SstIOWriteTest.writtenRecords(copy, m)));
    assertEquals(TestRecords.setsum(distinct).hexDigest(), m.setsum);
    assertEquals(input.size() - distinct.size(), m.dropped.records);
    return m;
  }

  /** The objects under {@code prefix}, by key. */
  private static Map<String, byte[]> objects(String prefix) throws Exception {
    Map<String, byte[]> objects = new TreeMap<>();
    for (String key : s3.keys(prefix)) {
      objects.put(key, s3.download(key));
    }
    return objects;
  }

  @Test
  void logsOnS3BecomeSortedTablesWithAManifestOnS3ThatReadBackExactly() throws Exception {
    List<KeyValue> input = new ArrayList<>();
    Setsum setsum = new Setsum();
    for (String name : List.of("max_batch", "small")) {
      Path log = VectorFiles.log(name);
      s3.upload("in/" + name + ".log", log);
      input.addAll(LogIOReadTest.sequential(log));
      setsum.add(Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(log), "setsum")));
    }
    String out = s3.url("converted");
    SstIO.Write write = SstIO.write().to(out).withNumPartitions(3).withSortMemoryBytes(1 << 20)
        .withTargetFileSize(256 << 10);
    Pipeline p = Pipeline.create(s3.options());
    p.apply(LogIO.read().from(s3.url("in/*.log")).withBlocksPerSplit(1)).apply(write);
    p.run().waitUntilFinish();

    SstManifest m = assertOutputIsExactly("converted", input, write);
    assertEquals(setsum, m.totalSetsum().plus(m.droppedSetsum()), "the audit identity");
    assertTrue(m.tables.size() > 3, "several tables per key range: " + m.tables.size());

    List<KeyValue> tables = TestRecords.sorted(new ArrayList<>(new LinkedHashSet<>(input)));
    Pipeline r = Pipeline.create(s3.options());
    PAssert.that(r.apply("ByManifest", SstIO.readManifest(out).withBlocksPerSplit(2)))
        .containsInAnyOrder(tables);
    PAssert.that(r.apply("ByPattern", SstIO.read().from(out + "/part-*.sst").withBlocksPerSplit(1)))
        .containsInAnyOrder(tables);
    r.run().waitUntilFinish();
  }

  @Test
  void aSecondWriterToAFinishedS3OutputIsRefusedAndTheOutputStays() throws Exception {
    List<KeyValue> first = TestRecords.generate(1, 3000, 700, 200);
    SstIO.Write firstWrite = write("finished");
    Pipeline firstPipeline = pipeline(first, firstWrite);
    SstIO.Write late = write("finished");
    Pipeline latePipeline = pipeline(TestRecords.generate(2, 3000, 700, 200), late);
    assertNull(runOrCleanUp(firstPipeline, firstWrite));
    Map<String, byte[]> before = objects("finished/");

    Throwable refused = runOrCleanUp(latePipeline, late);
    assertThat(SstIOReadTest.messages(refused), containsString(TAKEN));
    IllegalArgumentException atConstruction = assertThrows(IllegalArgumentException.class,
        () -> pipeline(first, write("finished")));
    assertThat(atConstruction.getMessage(), containsString(TAKEN));

    Map<String, byte[]> after = objects("finished/");
    assertEquals(before.keySet(), after.keySet());
    for (String key : before.keySet()) {
      assertArrayEquals(before.get(key), after.get(key), key);
    }
    assertOutputIsExactly("finished", first, firstWrite);
  }

  @Test
  void aWriterIsRefusedWhileAnotherJobHoldsTheS3ClaimAndLeavesItAlone() throws Exception {
    String dir = s3.url("claimed");
    List<KeyValue> input = TestRecords.generate(3, 2000, 500, 100);
    SstIO.Write refusedWrite = write("claimed");
    Pipeline refusedPipeline = pipeline(input, refusedWrite); // built while the directory was free
    OutputClaim.byThisProcess("other-job", dir + "/.sst-beam-temp-other-job/")
        .take(BeamFiles.directory(dir), s3.options());
    byte[] claim = s3.download("claimed/" + OutputClaim.FILE_NAME);
    assertNotNull(claim);

    IllegalArgumentException atConstruction = assertThrows(IllegalArgumentException.class,
        () -> pipeline(input, write("claimed")));
    assertThat(atConstruction.getMessage(), containsString(BUSY));
    assertThat(atConstruction.getMessage(), containsString("job other-job"));
    Throwable inPipeline = runOrCleanUp(refusedPipeline, refusedWrite);
    assertThat(SstIOReadTest.messages(inPipeline), containsString(BUSY));

    assertEquals(List.of("claimed/" + OutputClaim.FILE_NAME), s3.keys("claimed/"),
        "the refused job left nothing, and the claim is the other job's");
    assertArrayEquals(claim, s3.download("claimed/" + OutputClaim.FILE_NAME));
  }

  @Test
  void ofTwoWritersRacingForOneS3OutputExactlyOneSucceeds() throws Exception {
    List<List<KeyValue>> inputs = List.of(TestRecords.generate(11, 3000, 700, 200),
        TestRecords.generate(12, 3000, 700, 200));
    List<SstIO.Write> writes = List.of(write("raced"), write("raced"));
    List<Pipeline> pipelines = List.of(pipeline(inputs.get(0), writes.get(0)),
        pipeline(inputs.get(1), writes.get(1)));
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<Future<Throwable>> outcomes = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      outcomes.add(threads.submit(() -> {
        start.await();
        return runOrCleanUp(pipelines.get(writer), writes.get(writer));
      }));
    }
    int winner = -1;
    for (int w = 0; w < 2; w++) {
      Throwable failure = outcomes.get(w).get(5, TimeUnit.MINUTES);
      if (failure == null) {
        assertEquals(-1, winner, "both writers succeeded");
        winner = w;
      } else {
        assertThat(SstIOReadTest.messages(failure), anyOf(containsString(BUSY), containsString(TAKEN)));
      }
    }
    threads.shutdown();
    assertTrue(winner >= 0, "one writer succeeds");
    assertOutputIsExactly("raced", inputs.get(winner), writes.get(winner));
  }

  @Test
  void theJobThatNextHoldsTheClaimDeletesTheTemporaryObjectsOfADeadJob() throws Exception {
    // What a killed job leaves once its claim was deleted (as the refusal message says to).
    s3.upload("dead/.sst-beam-temp-dead-job/runs/run-1.sst", new byte[] {1, 2, 3});
    s3.upload("dead/.sst-beam-temp-dead-job/tables/p-00000-00000.sst", new byte[] {4, 5});
    List<KeyValue> input = TestRecords.generate(9, 2000, 500, 100);
    SstIO.Write rerun = write("dead");
    assertNull(runOrCleanUp(pipeline(input, rerun), rerun));
    assertOutputIsExactly("dead", input, rerun);
  }

  @Test
  void aFailedRunOnS3LeavesNoObjectBehindAndARerunSucceeds() throws Exception {
    List<KeyValue> bad = new ArrayList<>(TestRecords.generate(7, 40_000, 5000, 100));
    bad.add(KeyValue.put(new byte[0], -1L, new byte[1])); // no table can hold it: the write fails
    SstIO.Write failing = write("failed").withSortMemoryBytes(1 << 20);
    Throwable failure = runOrCleanUp(pipeline(bad, failing), failing);
    assertThat(SstIOReadTest.messages(failure), containsString("FORMAT.md §2.3"));
    assertEquals(List.of(), s3.keys("failed/"), "the failed run left no object");

    List<KeyValue> good = TestRecords.generate(8, 3000, 700, 200);
    SstIO.Write rerun = write("failed");
    assertNull(runOrCleanUp(pipeline(good, rerun), rerun));
    assertOutputIsExactly("failed", good, rerun);
  }
}
