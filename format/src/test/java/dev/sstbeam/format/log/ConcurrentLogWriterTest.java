package dev.sstbeam.format.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.EntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentLogWriterTest {
  private static final int THREADS = 16;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Key "tTT-bBBBB-iII": thread, batch and item number, so the reader can tell where it came from. */
  private static byte[] key(int thread, int batch, int item) {
    return String.format("t%02d-b%05d-i%03d", thread, batch, item).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * 1–10 random items. The first ten batches of every thread (when all threads start together)
   * and every 50th after them hold ten items of 8 KiB key and 24–32 KiB value, ~350 KiB in all, so
   * that three or four queued batches overflow a group's 1 MiB. The items added are collected in
   * {@code items}.
   */
  private static WriteBatch randomBatch(Random random, int thread, int batch, List<KeyValue> items)
      throws SstException {
    boolean large = batch < 10 || batch % 50 == 0;
    int count = large ? 10 : 1 + random.nextInt(10);
    for (int i = 0; i < count; i++) {
      byte[] key = key(thread, batch, i);
      if (large) {
        key = Arrays.copyOf(key, 8192); // the id is still the key's first 15 bytes
      }
      byte[] value = new byte[large ? 24_576 + random.nextInt(8192) : random.nextInt(40)];
      random.nextBytes(value);
      items.add(
          random.nextInt(10) == 0
              ? KeyValue.del(key, random.nextLong())
              : KeyValue.put(key, random.nextLong(), value));
    }
    WriteBatch b = new WriteBatch();
    for (KeyValue kv : items) {
      b.add(kv);
    }
    return b;
  }

  /** One caller's batch: its items and setsum, kept to check the file against. */
  private record Appended(List<KeyValue> items, Setsum setsum) {}

  @Test
  void concurrentAppendsLandOnceContiguousInOrderAndByteIdentical() throws Exception {
    Path path = dir.resolve("concurrent.log");
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(path);
    int perThread = 500;
    Map<String, Appended> appended = new ConcurrentHashMap<>();
    List<Future<?>> futures = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                Random random = new Random(thread);
                start.await();
                for (int n = 0; n < perThread; n++) {
                  List<KeyValue> items = new ArrayList<>();
                  WriteBatch batch = randomBatch(random, thread, n, items);
                  int size = batch.sizeInBytes();
                  Setsum sum = batch.setsum();
                  writer.append(batch);
                  assertEquals(size, batch.sizeInBytes(), "the caller's batch was modified");
                  assertEquals(sum, batch.setsum());
                  appended.put(thread + "/" + n, new Appended(items, sum));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    long records = writer.records();
    long syncs = writer.syncs();
    Setsum sealed = writer.seal();

    Setsum expected = new Setsum();
    appended.values().forEach(a -> expected.add(a.setsum()));
    assertEquals(expected, sealed);
    assertEquals(THREADS * perThread, appended.size());

    // Read back: group items into runs of one batch and into records.
    Setsum read = new Setsum();
    Set<String> seen = new HashSet<>();
    int[] lastBatchOfThread = new int[THREADS];
    Arrays.fill(lastBatchOfThread, -1);
    Map<Long, WriteBatch> recordBatches = new LinkedHashMap<>();
    Map<Long, Long> recordPayload = new LinkedHashMap<>();
    List<Integer> firstBatchSizes = new ArrayList<>(); // size of each record's first batch
    try (LogReader reader = LogReader.open(path)) {
      KeyValue kv = reader.next();
      while (kv != null) {
        String[] id = new String(kv.key(), 0, 15, StandardCharsets.UTF_8).split("-");
        int thread = Integer.parseInt(id[0].substring(1));
        int number = Integer.parseInt(id[1].substring(1));
        Appended a = appended.get(thread + "/" + number);
        assertTrue(seen.add(thread + "/" + number), "batch split or written twice: " + a);
        assertTrue(number > lastBatchOfThread[thread], "a thread's batches out of order");
        lastBatchOfThread[thread] = number;
        long record = reader.recordStart();
        if (!recordPayload.containsKey(record)) {
          firstBatchSizes.add(a.items().stream().mapToInt(ConcurrentLogWriterTest::entrySize).sum());
        }
        for (KeyValue want : a.items()) { // the whole batch, contiguous, in order, one record
          assertEquals(want, kv);
          assertEquals(record, reader.recordStart(), "batch split across records");
          read.insert(kv);
          recordBatches.computeIfAbsent(record, r -> new WriteBatch()).add(kv);
          recordPayload.merge(record, (long) entrySize(kv), Long::sum);
          kv = reader.next();
        }
      }
    }
    assertEquals(appended.size(), seen.size());
    assertEquals(expected, read);
    assertEquals(records, recordBatches.size());
    for (long payload : recordPayload.values()) {
      assertTrue(payload <= Limits.LOG_BLOCK_SIZE, "record over 1 MiB: " + payload);
    }
    // A group is cut when the next queued batch does not fit: then that batch starts the next
    // record. Count the records that could not have absorbed the next record's first batch.
    List<Long> payloads = new ArrayList<>(recordPayload.values());
    int cuts = 0;
    for (int r = 0; r + 1 < payloads.size(); r++) {
      if (payloads.get(r) + firstBatchSizes.get(r + 1) > Limits.LOG_BLOCK_SIZE) {
        cuts++;
      }
    }
    System.out.printf(
        "%d appends, %d records, %d syncs, %d records full%n",
        appended.size(), records, syncs, cuts);
    assertTrue(cuts > 0, "no group reached the 1 MiB limit");

    // The single-threaded writer, given the same merged batches, writes the same bytes.
    Path single = dir.resolve("single.log");
    try (LogWriter w = LogWriter.create(single)) {
      for (WriteBatch b : recordBatches.values()) {
        w.append(b);
      }
      w.seal();
    }
    assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(path));
  }

  @Test
  void groupsFormUnderContention() throws Exception {
    // Probabilistic in principle, certain in practice: 16 threads × 300 appends never all miss
    // each other. No timing is asserted.
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(dir.resolve("groups.log"));
    int perThread = 300;
    runThreads(
        thread -> {
          for (int n = 0; n < perThread; n++) {
            writer.append(new WriteBatch().put(key(thread, n, 0), n, new byte[100]));
          }
        });
    int appends = THREADS * perThread;
    assertTrue(writer.records() < appends, "records " + writer.records());
    assertTrue(writer.syncs() < appends, "syncs " + writer.syncs());
    assertTrue(writer.syncs() <= writer.records()); // each sync covers a new record
    writer.seal();
    assertEquals(appends, countItems(dir.resolve("groups.log")));
  }

  @Test
  void oneSyncCoversEveryGroupWrittenWhileTheSyncBeforeItRan() throws Exception {
    // The first sync blocks until all 16 batches are written; then exactly one more sync
    // must make all the remaining 15 durable.
    Path path = dir.resolve("gate.log");
    LogWriter log = LogWriter.create(path);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ConcurrentLogWriter writer =
        new ConcurrentLogWriter(
            log,
            () -> {
              if (calls.incrementAndGet() == 1) {
                awaitQuietly(gate);
              }
              log.force();
            });
    Setsum all = new Setsum();
    WriteBatch first = new WriteBatch().put(key(0, 0, 0), 0, new byte[10]);
    all.add(first.setsum());
    Future<?> leader = pool.submit(() -> append(writer, first));
    while (writer.syncs() == 0 && calls.get() == 0) {
      Thread.onSpinWait(); // wait for the first sync to start
    }
    List<Future<?>> others = new ArrayList<>();
    for (int t = 1; t < THREADS; t++) {
      WriteBatch b = new WriteBatch().put(key(t, 0, 0), t, new byte[10]);
      all.add(b.setsum());
      others.add(pool.submit(() -> append(writer, b)));
    }
    while (!writer.setsum().equals(all)) {
      Thread.onSpinWait(); // wait until every batch is written (not yet synced)
    }
    assertEquals(0, writer.syncs());
    gate.countDown();
    leader.get();
    for (Future<?> f : others) {
      f.get();
    }
    assertEquals(2, writer.syncs());
    assertEquals(all, writer.seal());
    assertEquals(THREADS, countItems(path));
  }

  @Test
  void sealWaitsForCallsInProgressAndRejectsLaterOnes() throws Exception {
    Path path = dir.resolve("racing-seal.log");
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(path);
    Setsum acknowledged = new Setsum(); // guarded by itself
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch someWritten = new CountDownLatch(200);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int n = 0; ; n++) {
                  WriteBatch b = new WriteBatch().put(key(thread, n, 0), n, new byte[20]);
                  try {
                    if (n % 7 == 3) {
                      writer.fsync();
                    }
                    writer.append(b);
                  } catch (SstException e) {
                    assertEquals("log writer is closed", e.fields().get("message"), e.toString());
                    return null;
                  }
                  synchronized (acknowledged) {
                    acknowledged.add(b.setsum());
                  }
                  ok.incrementAndGet();
                  someWritten.countDown();
                }
              }));
    }
    someWritten.await();
    Setsum sealed = writer.seal();
    for (Future<?> f : futures) {
      f.get();
    }
    assertEquals(acknowledged, sealed);
    assertEquals(ok.get(), countItems(path));
    Setsum read = new Setsum();
    try (LogReader r = LogReader.open(path)) {
      for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
        read.insert(kv);
      }
    }
    assertEquals(sealed, read);
  }

  @Test
  void emptyBatchIsRejectedAndTheWriterStaysUsable() throws Exception {
    Path path = dir.resolve("empty.log");
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(path);
    SstException e = assertThrows(SstException.class, () -> writer.append(new WriteBatch()));
    assertEquals(ErrorCode.EMPTY_BATCH, e.code());
    assertEquals(0, writer.approximateSize());
    writer.append(new WriteBatch().put(key(0, 0, 0), 1, new byte[3]));
    writer.seal();
    assertEquals(1, countItems(path));
  }

  @Test
  void fsyncOnItsOwnReallySyncs() throws Exception {
    Path path = dir.resolve("fsync.log");
    LogWriter log = LogWriter.create(path);
    AtomicInteger calls = new AtomicInteger();
    ConcurrentLogWriter writer =
        new ConcurrentLogWriter(
            log,
            () -> {
              calls.incrementAndGet();
              log.force();
            });
    writer.fsync(); // on an empty log
    assertEquals(1, calls.get());
    for (int n = 0; n < 3; n++) {
      writer.append(new WriteBatch().put(key(0, n, 0), n, new byte[5]));
    }
    assertEquals(4, calls.get());
    writer.fsync();
    assertEquals(5, calls.get());
    assertEquals(5, writer.syncs());
    assertEquals(Files.size(path), writer.approximateSize());
    writer.seal();
    assertEquals(3, countItems(path));
  }

  @Test
  void sealReturnsTheSetsumAndClosesAndCloseIsIdempotent() throws Exception {
    Path path = dir.resolve("seal.log");
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(path);
    WriteBatch b = new WriteBatch().put(key(0, 0, 0), 7, new byte[] {1, 2}).del(key(0, 0, 1), 8);
    writer.append(b);
    assertEquals(b.setsum(), writer.setsum());
    long size = writer.approximateSize();
    assertEquals(b.setsum(), writer.seal());
    assertEquals(size, Files.size(path));
    assertClosed(() -> writer.append(b));
    assertClosed(writer::fsync);
    assertClosed(writer::seal);
    writer.close();
    assertEquals(2, countItems(path));

    ConcurrentLogWriter closedFirst = ConcurrentLogWriter.create(dir.resolve("close.log"));
    closedFirst.append(b);
    closedFirst.close();
    closedFirst.close();
    assertClosed(() -> closedFirst.append(b));
    assertClosed(closedFirst::seal);
    assertEquals(2, countItems(dir.resolve("close.log")));
    assertThrows(SstException.class, () -> ConcurrentLogWriter.create(path)); // create-new
  }

  @Test
  void failedSyncGivesFsyncFailedThenLogPoisoned() throws Exception {
    Path path = dir.resolve("failing.log");
    LogWriter log = LogWriter.create(path);
    AtomicInteger calls = new AtomicInteger();
    ConcurrentLogWriter writer =
        new ConcurrentLogWriter(
            log,
            () -> {
              if (calls.incrementAndGet() >= 2) {
                throw new IOException("injected EIO");
              }
              log.force();
            });
    WriteBatch b = new WriteBatch().put(key(0, 0, 0), 1, new byte[4]);
    writer.append(b);
    SstException failed = assertThrows(SstException.class, () -> writer.append(b));
    assertEquals(ErrorCode.CORRUPTION_FSYNC_FAILED, failed.code());
    assertEquals("injected EIO", failed.getCause().getMessage());
    assertPoisoned(() -> writer.append(b));
    assertPoisoned(writer::fsync);
    assertEquals(2, calls.get()); // a poisoned writer does not sync again
    assertPoisoned(writer::seal); // ...but it does close the file
    writer.close();
    assertClosed(() -> writer.append(b));
    assertEquals(2, countItems(path)); // the second batch was written, just not made durable
  }

  @Test
  void concurrentCallersOfAFailedSyncAllFail() throws Exception {
    Path path = dir.resolve("failing-concurrent.log");
    LogWriter log = LogWriter.create(path);
    AtomicInteger calls = new AtomicInteger();
    ConcurrentLogWriter writer =
        new ConcurrentLogWriter(
            log,
            () -> {
              if (calls.incrementAndGet() >= 5) {
                throw new IOException("injected EIO");
              }
              log.force();
            });
    Map<ErrorCode, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    AtomicInteger successes = new AtomicInteger();
    runThreads(
        thread -> {
          boolean failed = false;
          for (int n = 0; n < 50; n++) {
            try {
              writer.append(new WriteBatch().put(key(thread, n, 0), n, new byte[8]));
              assertFalse(failed, "an append succeeded after one failed");
              successes.incrementAndGet();
            } catch (SstException e) {
              failed = true;
              outcomes.computeIfAbsent(e.code(), k -> new AtomicInteger()).incrementAndGet();
            }
          }
        });
    assertTrue(outcomes.containsKey(ErrorCode.CORRUPTION_FSYNC_FAILED), outcomes.toString());
    assertTrue(outcomes.containsKey(ErrorCode.CORRUPTION_LOG_POISONED), outcomes.toString());
    assertEquals(5, calls.get());
    assertTrue(successes.get() > 0);
    assertPoisoned(writer::seal);
  }

  @Test
  void tableFullDoesNotPoison() throws Exception {
    Path path = dir.resolve("rollover.log");
    ConcurrentLogWriter writer =
        ConcurrentLogWriter.create(path, LogOptions.DEFAULT.withRolloverSize(100));
    WriteBatch small = new WriteBatch().put(key(0, 0, 0), 1, new byte[10]);
    writer.append(small);
    SstException e =
        assertThrows(
            SstException.class,
            () -> writer.append(new WriteBatch().put(key(0, 1, 0), 1, new byte[100])));
    assertEquals(ErrorCode.TABLE_FULL, e.code());
    writer.fsync();
    assertEquals(small.setsum(), writer.seal());
    assertEquals(1, countItems(path));
  }

  @Test
  void anInterruptedCallerDoesNotCloseTheChannelAndKeepsItsInterruptStatus() throws Exception {
    Path path = dir.resolve("interrupt.log");
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(path);
    Thread.currentThread().interrupt();
    try {
      writer.append(new WriteBatch().put(key(0, 0, 0), 1, new byte[10]));
      writer.fsync();
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    writer.append(new WriteBatch().put(key(0, 1, 0), 1, new byte[10]));
    writer.seal();
    assertEquals(2, countItems(path));
  }

  // ---- helpers

  private interface ThreadBody {
    void run(int thread) throws Exception;
  }

  private void runThreads(ThreadBody body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                body.run(thread);
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
  }

  private static Void append(ConcurrentLogWriter writer, WriteBatch b) throws SstException {
    writer.append(b);
    return null;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int entrySize(KeyValue kv) {
    return kv.isTombstone()
        ? EntryCodec.delSize(kv.key().length, kv.timestamp())
        : EntryCodec.putSize(kv.key().length, kv.timestamp(), kv.value().length);
  }

  private static int countItems(Path path) throws SstException {
    int n = 0;
    try (LogReader r = LogReader.open(path)) {
      while (r.next() != null) {
        n++;
      }
    }
    return n;
  }

  private static void assertClosed(Executable call) {
    SstException e = assertThrows(SstException.class, call);
    assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
    assertEquals("log writer is closed", e.fields().get("message"));
  }

  private static void assertPoisoned(Executable call) {
    SstException e = assertThrows(SstException.class, call);
    assertEquals(ErrorCode.CORRUPTION_LOG_POISONED, e.code(), e.toString());
  }
}
