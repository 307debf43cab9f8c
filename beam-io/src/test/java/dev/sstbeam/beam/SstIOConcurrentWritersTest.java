package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers, one output directory: exactly one publishes, the others fail saying why and
 * leave nothing behind, and the survivor's tables hold exactly its own input. A failed or killed
 * writer does not make the directory unusable.
 */
class SstIOConcurrentWritersTest {
  private static final String BUSY = "is being written by another job";
  private static final String TAKEN = "already holds tables";

  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();

  @TempDir Path out;

  private static List<KeyValue> input(int writer) {
    return TestRecords.generate(100 + writer, 3000, 700, 200);
  }

  /** A pipeline on the test runner (the profile's: direct, Flink or Spark). */
  private Pipeline pipeline(List<KeyValue> records, SstIO.Write write) {
    return pipeline(records, write, TestPipeline.testingPipelineOptions());
  }

  private static Pipeline pipeline(List<KeyValue> records, SstIO.Write write, PipelineOptions options) {
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of(records).withCoder(KeyValueCoder.of())).apply(write);
    return p;
  }

  private SstIO.Write write() {
    return SstIO.write().to(out.toString()).withNumPartitions(3).withTargetFileSize(16 << 10);
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

  /** The survivor's output holds exactly its input: records, count and setsum. */
  private void assertOutputIsExactly(List<KeyValue> input, SstIO.Write writer) throws Exception {
    SstManifest m = SstManifest.readFromDirectory(out.toString());
    assertEquals(writer.getJob(), m.job, "the manifest is the survivor's");
    List<KeyValue> records = SstIOWriteTest.writtenRecords(out, m);
    assertEquals(TestRecords.listing(input), TestRecords.listing(records));
    assertEquals(TestRecords.setsum(input).hexDigest(), m.setsum);
    assertEquals(0, m.dropped.records);
    SstIOWriteTest.assertOnlyTablesAndManifest(out, m);
  }

  @Test
  void ofFourWritersRacingForOneDirectoryExactlyOneSucceeds() throws Exception {
    int writers = 4;
    List<SstIO.Write> writes = new ArrayList<>();
    List<Pipeline> pipelines = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      writes.add(write());
      // On the direct runner whatever the profile: four embedded Flink or Spark clusters at once
      // would test the machine, not the claim (which every other test here takes on the profile's
      // runner).
      pipelines.add(pipeline(input(w), writes.get(w), PipelineOptionsFactory.create()));
    }
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    List<Future<Throwable>> outcomes = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      outcomes.add(threads.submit(() -> {
        start.await();
        return runOrCleanUp(pipelines.get(writer), writes.get(writer));
      }));
    }
    int winner = -1;
    for (int w = 0; w < writers; w++) {
      Throwable failure = outcomes.get(w).get(5, TimeUnit.MINUTES);
      if (failure == null) {
        assertEquals(-1, winner, "two writers succeeded: " + winner + " and " + w);
        winner = w;
      } else {
        assertThat(SstIOReadTest.messages(failure), anyOf(containsString(BUSY), containsString(TAKEN)));
      }
    }
    threads.shutdown();
    assertTrue(winner >= 0, "one writer succeeds");
    assertOutputIsExactly(input(winner), writes.get(winner));
  }

  @Test
  void ofThreadsRacingToClaimOneDirectoryExactlyOneGetsIt() throws Exception {
    ResourceId dir = BeamFiles.directory(out.toString());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int round = 0; round < 20; round++) {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<Boolean>> took = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String job = "round" + round + "-job" + t;
        took.add(pool.submit(() -> {
          start.await();
          try {
            OutputClaim.byThisProcess(job, "/tmp/unused").take(dir, OPTIONS);
            return true;
          } catch (java.io.IOException e) {
            assertThat(e.getMessage(), containsString(BUSY));
            return false;
          }
        }));
      }
      int winners = 0;
      for (Future<Boolean> f : took) {
        winners += f.get() ? 1 : 0;
      }
      assertEquals(1, winners, "round " + round);
      Files.delete(out.resolve(OutputClaim.FILE_NAME));
    }
    pool.shutdown();
  }

  @Test
  void aRetriedClaimOfTheSameJobSucceeds() throws Exception {
    ResourceId dir = BeamFiles.directory(out.toString());
    OutputClaim.byThisProcess("job-1", "/tmp/t").take(dir, OPTIONS);
    OutputClaim.byThisProcess("job-1", "/tmp/t").take(dir, OPTIONS);
    OutputClaim.checkHeld(dir, "job-1");
    Exception e = assertThrows(java.io.IOException.class,
        () -> OutputClaim.byThisProcess("job-2", "/tmp/t").take(dir, OPTIONS));
    assertThat(e.getMessage(), containsString(BUSY));
    assertThat(e.getMessage(), containsString("job job-1"));
    assertThat(e.getMessage(), containsString("delete " + out.resolve(OutputClaim.FILE_NAME)));
  }

  /**
   * A loser of the race may find its run directory removed by the winner (as a dead job's) while
   * it still sorts: it must report the winner, or the tables the winner published, not the file
   * it could not write.
   */
  @Test
  void aMissingRunFileOfALoserIsReportedAsTheWinnersClaimOrTables() throws Exception {
    ResourceId dir = BeamFiles.directory(out.toString());
    IOException missing = new NoSuchFileException("runs/run-1.sst");
    assertSame(missing, OutputClaim.explain(missing, dir, "job-2"), "no claim, no tables");
    OutputClaim.byThisProcess("job-1", "/tmp/t").take(dir, OPTIONS);
    assertSame(missing, OutputClaim.explain(missing, dir, "job-1"), "the job's own claim");
    IOException busy = OutputClaim.explain(missing, dir, "job-2");
    assertThat(busy.getMessage(), containsString(BUSY));
    assertSame(missing, busy.getCause());
    Files.delete(out.resolve(OutputClaim.FILE_NAME));
    Files.write(out.resolve(SstManifest.FILE_NAME), new byte[] {'{', '}'});
    assertThat(OutputClaim.explain(missing, dir, "job-2").getMessage(), containsString(TAKEN));
  }

  @Test
  void withoutCreateNewAClaimIsWrittenOnlyWhenNoneIsThereAndReadBack() throws Exception {
    ResourceId dir = BeamFiles.directory(out.toString());
    ResourceId file = OutputClaim.file(dir);
    byte[] first = new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsBytes(OutputClaim.byThisProcess("job-1", "/tmp/t"));
    OutputClaim.writeIfAbsent(file, first);
    OutputClaim.checkHeld(dir, "job-1");
    OutputClaim.writeIfAbsent(file, new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsBytes(OutputClaim.byThisProcess("job-2", "/tmp/t")));
    assertArrayEquals(first, Files.readAllBytes(out.resolve(OutputClaim.FILE_NAME)));
    Exception e = assertThrows(java.io.IOException.class, () -> OutputClaim.checkHeld(dir, "job-2"));
    assertThat(e.getMessage(), containsString(BUSY));
  }

  @Test
  void aWriterToAFinishedOutputIsRefusedAndTheOutputStays() throws Exception {
    SstIO.Write first = write();
    Pipeline firstPipeline = pipeline(input(0), first);
    SstIO.Write late = write();
    Pipeline latePipeline = pipeline(input(1), late); // built while the directory was still empty
    assertEquals(null, runOrCleanUp(firstPipeline, first));
    Map<String, byte[]> before = snapshot();

    Throwable refused = runOrCleanUp(latePipeline, late);
    assertThat(SstIOReadTest.messages(refused), containsString(TAKEN));
    IllegalArgumentException atConstruction = assertThrows(IllegalArgumentException.class,
        () -> pipeline(input(2), write()));
    assertThat(atConstruction.getMessage(), containsString(TAKEN));

    assertEquals(before.keySet(), snapshot().keySet());
    for (Map.Entry<String, byte[]> f : snapshot().entrySet()) {
      assertArrayEquals(before.get(f.getKey()), f.getValue(), f.getKey());
    }
    assertOutputIsExactly(input(0), first);
  }

  @Test
  void aRerunAfterAFailedRunSucceeds() throws Exception {
    List<KeyValue> bad = new ArrayList<>(TestRecords.generate(7, 40_000, 5000, 100));
    bad.add(KeyValue.put(new byte[0], -1L, new byte[1])); // no table can hold it: the write fails
    SstIO.Write failing = write().withSortMemoryBytes(1 << 20);
    Throwable failure = runOrCleanUp(pipeline(bad, failing), failing);
    assertThat(SstIOReadTest.messages(failure), containsString("FORMAT.md §2.3"));
    assertEquals(List.of(), names(), "the failed run left nothing");

    SstIO.Write rerun = write();
    assertEquals(null, runOrCleanUp(pipeline(input(3), rerun), rerun));
    assertOutputIsExactly(input(3), rerun);
  }

  @Test
  void aClaimLeftByADeadProcessSaysWhatToDeleteAndTheRerunCleansUp() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    OutputClaim dead = OutputClaim.byThisProcess("dead-job", out.resolve(".sst-beam-temp-dead-job/") + "/");
    dead.pid = gone.pid();
    Files.writeString(out.resolve(OutputClaim.FILE_NAME), new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(dead));
    Path staleRun = out.resolve(".sst-beam-temp-dead-job/runs/run-1.sst");
    Files.createDirectories(staleRun.getParent());
    Files.write(staleRun, new byte[] {1, 2, 3});

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> pipeline(input(4), write()));
    assertThat(refused.getMessage(), containsString("no longer running"));
    assertThat(refused.getMessage(), containsString("delete " + out.resolve(OutputClaim.FILE_NAME)
        + " and run again"));

    Files.delete(out.resolve(OutputClaim.FILE_NAME));
    SstIO.Write rerun = write();
    assertEquals(null, runOrCleanUp(pipeline(input(4), rerun), rerun));
    assertFalse(Files.exists(out.resolve(".sst-beam-temp-dead-job")), "the dead job's temp files are gone");
    assertOutputIsExactly(input(4), rerun);
  }

  @Test
  void cleaningUpWaitsForRunningStepsAndStopsNewOnes() throws Exception {
    String job = "abandoned-job";
    InFlightWrites.Step running = InFlightWrites.start(job);
    Thread finisher = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.close();
    });
    long start = System.nanoTime();
    finisher.start();
    InFlightWrites.abandon(job, 60_000);
    assertTrue(System.nanoTime() - start >= 250_000_000L, "waited for the running step");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> InFlightWrites.start(job));
    assertThat(e.getMessage(), containsString("build a new SstIO.write()"));
    finisher.join();
  }

  private List<String> names() throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private Map<String, byte[]> snapshot() throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    for (String name : names()) {
      files.put(name, Files.readAllBytes(out.resolve(name)));
    }
    return files;
  }
}
