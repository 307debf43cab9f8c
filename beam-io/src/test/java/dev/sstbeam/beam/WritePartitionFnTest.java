package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition with more runs than are merged at once is merged in several passes, and the tables
 * hold exactly what a one-pass merge writes: the same items, the same duplicates dropped (the
 * first copy kept), within the partition's key range. Scratch runs are deleted.
 */
class WritePartitionFnTest {
  @TempDir Path dir;

  @Test
  void mergingInSeveralPassesWritesWhatOnePassWrites() throws Exception {
    byte[] lower = "key000100".getBytes(StandardCharsets.US_ASCII);
    byte[] upper = "key000700".getBytes(StandardCharsets.US_ASCII);
    for (DuplicatePolicy policy : List.of(DuplicatePolicy.KEEP_FIRST, DuplicatePolicy.DROP_EXACT)) {
      // keep-first meets conflicting copies too; drop-exact only exact ones (it refuses others)
      List<String> runs = writeRuns(11, policy == DuplicatePolicy.KEEP_FIRST, policy.toString());
      for (PartitionTask task : List.of(new PartitionTask(0, null, null, runs),
          new PartitionTask(1, lower, upper, runs))) {
        Set<String> scratchBefore = scratchFiles();
        String name = policy + "-" + task.partition;
        Written onePass = write(task, policy, WritePartitionFn.MERGE_WIDTH, "one-" + name);
        Written twoAtATime = write(task, policy, 2, "two-" + name);
        Written threeAtATime = write(task, policy, 3, "three-" + name);
        assertTrue(onePass.items.size() > 1000, "items: " + onePass.items.size());
        assertTrue(onePass.result.droppedRecords > 100, "dropped: " + onePass.result.droppedRecords);
        for (Written w : List.of(twoAtATime, threeAtATime)) {
          assertEquals(onePass.items, w.items);
          assertEquals(onePass.result.droppedRecords, w.result.droppedRecords);
          assertEquals(onePass.result.droppedSetsum, w.result.droppedSetsum);
        }
        for (KeyValue kv : onePass.items) {
          assertTrue(task.lowerKey == null || Arrays.compareUnsigned(kv.key(), task.lowerKey) >= 0);
          assertTrue(task.upperKey == null || Arrays.compareUnsigned(kv.key(), task.upperKey) < 0);
        }
        assertEquals(scratchBefore, scratchFiles(), "scratch runs are deleted");
      }
    }
  }

  @Test
  void aTaskOfAJobThatNoLongerHoldsItsClaimCreatesNoTable() throws Exception {
    List<String> runs = writeRuns(3, false, "claim");
    PartitionTask task = new PartitionTask(0, null, null, runs);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path tables = out.resolve(".sst-beam-temp-claim-job").resolve("tables");
    ResourceId outDir = BeamFiles.directory(out.toString());
    OutputClaim.byThisProcess("claim-job", tables.getParent().toString())
        .take(outDir, PipelineOptionsFactory.create());
    WritePartitionFn fn = new WritePartitionFn(tables.toString(), SstOptions.builder().build(),
        DuplicatePolicy.DROP_EXACT, "claim-job").withClaimOn(out.toString());
    assertEquals(1, fn.write(task).tempFiles.size(), "written while the claim is held");

    // The driver cleaned up after a failure: the temporary directory and the claim are gone.
    FinalizeTablesFn.cleanUpFailedJob(outDir, BeamFiles.directory(tables.getParent().toString()),
        "claim-job");
    assertFalse(Files.exists(tables.getParent()), "the cleanup deleted the temporary directory");
    SstException e = assertThrows(SstException.class, () -> fn.write(task));
    assertTrue(e.getMessage().contains("no longer holds its claim"), e.getMessage());
    assertFalse(Files.exists(tables.getParent()), "a late task made the temporary directory again");
  }

  /**
   * Sorted runs of random records; a tenth of each run repeats records of earlier runs, exactly
   * or (when {@code conflicting}) half of them with another value.
   */
  private List<String> writeRuns(int count, boolean conflicting, String name) throws Exception {
    Random r = new Random(11);
    List<KeyValue> all = TestRecords.generate(11, 300 * count, 1000, 50); // distinct (key, ts)
    List<KeyValue> earlier = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<KeyValue> run = new ArrayList<>(all.subList(300 * i, 300 * (i + 1)));
      for (int j = 0; j < 30 && !earlier.isEmpty(); j++) {
        KeyValue old = earlier.get(r.nextInt(earlier.size()));
        run.add(conflicting && r.nextBoolean()
            ? KeyValue.put(old.key(), old.timestamp(), new byte[] {(byte) j}) : old);
      }
      run.sort(KeyOrder.INSTANCE);
      List<KeyValue> unique = new ArrayList<>();
      for (KeyValue kv : run) {
        if (unique.isEmpty() || unique.get(unique.size() - 1).compareTo(kv) != 0) {
          unique.add(kv);
        }
      }
      Path file = dir.resolve(name + "-run-" + i + ".sst");
      try (SstWriter w = SstWriter.open(Files.newByteChannel(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), file.toString(), RunBuffer.RUN_OPTIONS, false)) {
        for (KeyValue kv : unique) {
          w.add(kv);
        }
        w.seal();
      }
      earlier.addAll(unique);
      runs.add(file.toString());
    }
    return runs;
  }

  private static final class Written {
    PartitionResult result;
    List<KeyValue> items = new ArrayList<>();
  }

  private Written write(PartitionTask task, DuplicatePolicy policy, int width, String name)
      throws Exception {
    Path tables = Files.createDirectories(dir.resolve(name));
    WritePartitionFn fn =
        new WritePartitionFn(tables.toString(), SstOptions.builder().build(), policy, width, "test-job");
    Written w = new Written();
    w.result = fn.write(task);
    for (String file : w.result.tempFiles) {
      try (Sst sst = Sst.open(Path.of(file))) {
        Cursor c = sst.cursor();
        c.seekToFirst();
        for (c.next(); c.hasItem(); c.next()) {
          w.items.add(c.keyValue());
        }
      }
    }
    return w;
  }

  private static Set<String> scratchFiles() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sst-partition-"))
          .collect(Collectors.toCollection(HashSet::new));
    }
  }
}
