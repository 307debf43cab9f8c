package dev.sstbeam.format.log;

import static dev.sstbeam.format.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.testsupport.LogGen;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.testsupport.Vectors;
import dev.sstbeam.format.wire.Crc32c;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log writer of FORMAT.md §4.3-4.4: its errors, its limits and the layout around boundaries. */
class LogWriterTest {
  private static final int B = 1 << 20;

  @Test
  void appendingAnEmptyBatchIsEmptyBatchAndWritesNothing(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("e.log");
    LogWriter w = LogWriter.create(path);
    SstException e = assertThrows(SstException.class, () -> w.append(new WriteBatch()));
    assertEquals(ErrorCode.EMPTY_BATCH, e.code());
    assertEquals(0, w.approximateSize());
    w.append(new WriteBatch().put(new byte[] {'k'}, 1, new byte[] {'v'}));
    assertEquals(new Setsum().insertPut(new byte[] {'k'}, 1, new byte[] {'v'}), w.seal());
    assertEquals(List.of("6b 1 76"), Reads.readAll(path).lines());
  }

  @Test
  void sealingWithoutAppendsLeavesAnEmptyFileAndAnEmptySetsum(@TempDir Path dir)
      throws Exception {
    Path path = dir.resolve("empty.log");
    assertEquals(new Setsum(), LogWriter.create(path).seal());
    assertEquals(0, Files.size(path));
    Reads.Outcome o = Reads.readAll(path);
    assertNull(o.error);
    assertEquals(0, o.items.size());
  }

  @Test
  void createOnAnExistingFileIsSystemErrorAndLeavesItAlone(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("exists.log");
    Files.write(path, new byte[] {1, 2, 3});
    SstException e = assertThrows(SstException.class, () -> LogWriter.create(path));
    assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
    assertEquals("AlreadyExists", e.fields().get("kind"));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(path));
  }

  @Test
  void openingAMissingLogIsSystemError(@TempDir Path dir) {
    Path path = dir.resolve("missing.log");
    SstException e = assertThrows(SstException.class, () -> LogReader.open(path));
    assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
    assertEquals("NotFound", e.fields().get("kind"));
    assertEquals(ErrorCode.SYSTEM_ERROR,
        assertThrows(SstException.class, () -> LogRanges.plan(path)).code());
    assertEquals(ErrorCode.SYSTEM_ERROR,
        assertThrows(SstException.class, () -> LogRanges.openRange(path, 0, 1)).code());
  }

  @Test
  void recordEndingExactlyAtTheRolloverSizeIsAcceptedAndOneByteMoreIsTableFull(
      @TempDir Path dir) throws Exception {
    Path path = dir.resolve("roll.log");
    LogGen items = LogGen.itemsOnly(9);
    List<KeyValue> first = items.itemsOfSize(90); // frame 1 + 9 + 90 = 100 bytes
    List<KeyValue> second = items.itemsOfSize(40);
    LogWriter w = LogWriter.create(path, LogOptions.DEFAULT.withRolloverSize(150));
    w.append(LogGen.batch(first));
    assertEquals(100, w.approximateSize());
    SstException e =
        assertThrows(SstException.class, () -> w.append(LogGen.batch(items.itemsOfSize(41))));
    assertEquals(ErrorCode.TABLE_FULL, e.code());
    assertEquals("151", e.fields().get("size"));
    assertEquals("150", e.fields().get("limit"));
    assertEquals(100, w.approximateSize(), "a rejected record writes nothing");
    w.append(LogGen.batch(second)); // ends exactly at 150
    assertEquals(150, w.approximateSize());
    Setsum sealed = w.seal();

    Reads.Outcome o = Reads.readAll(path);
    assertNull(o.error);
    List<KeyValue> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    assertEquals(all, o.items);
    Setsum expected = new Setsum();
    all.forEach(expected::insert);
    assertEquals(expected, sealed, "the rejected batch is not in the setsum");
  }

  @Test
  void recordThatFitsNoLongerInTheBlockWithAtMost19BytesLeftIsPaddedToTheBoundary(
      @TempDir Path dir) throws Exception {
    for (int r = 1; r <= 19; r++) {
      Path path = dir.resolve("pad" + r + ".log");
      LogGen gen = LogGen.create(path, r);
      gen.padTo(B - r);
      LogGen.Record rec = gen.appendOfSize(100);
      gen.seal();
      byte[] file = Files.readAllBytes(path);
      assertEquals(B, rec.start);
      assertEquals(B + 110, file.length);
      assertArrayEquals(new byte[r], Arrays.copyOfRange(file, B - r, B), "padding of " + r);
      assertEquals("0950645801", hex(Arrays.copyOfRange(file, B, B + 5)));
      assertEquals(gen.allItems(), Reads.readAll(path).items);
    }
  }

  @Test
  void twentyBytesLeftGiveAFirstFrameOfOneByteNinePaddingBytesAndASecondAtTheBoundary(
      @TempDir Path dir) throws Exception {
    Path path = dir.resolve("first1.log");
    LogGen gen = LogGen.create(path, 20);
    gen.padTo(B - 20);
    List<KeyValue> items = gen.itemsOfSize(100);
    byte[] payload = Arrays.copyOf(LogGen.batch(items).bytes(), 100);
    gen.append(items);
    gen.seal();
    byte[] file = Files.readAllBytes(path);
    String first =
        "0950015802" + "65" + le32(Crc32c.of(payload, 0, 1)) + hex(Arrays.copyOf(payload, 1));
    String second = "0950635803" + "65" + le32(Crc32c.of(payload, 1, 99));
    assertEquals(
        first + "00".repeat(9) + second, hex(Arrays.copyOfRange(file, B - 20, B + 10)));
    assertEquals(B + 10 + 99, file.length);
    assertEquals(gen.allItems(), Reads.readAll(path).items);
  }

  @ParameterizedTest(name = "write buffer {0}")
  @ValueSource(ints = {1, 7, 4096, 1 << 20})
  void writeBufferSizeDoesNotChangeTheBytes(int writeBuffer, @TempDir Path dir) throws Exception {
    for (String name : new String[] {"small", "empty_kv", "max_batch"}) {
      Path vector = Vectors.file("log", name + ".log");
      Map<String, Object> v = Vectors.json(Vectors.file("log", name + ".log.json"));
      List<KeyValue> items = Reads.readAll(vector).items;
      List<Long> batches = Vectors.list(v, "batches");
      Path copy = dir.resolve(name + ".log");
      LogWriter w = LogWriter.create(copy, LogOptions.DEFAULT.withWriteBuffer(writeBuffer));
      int next = 0;
      for (long n : batches) {
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < n; i++) {
          b.add(items.get(next++));
        }
        w.append(b);
        w.flush();
        assertEquals(w.approximateSize(), Files.size(copy), "flush hands every byte to the OS");
      }
      w.fsync();
      assertEquals(Vectors.str(v, "setsum"), w.seal().hexDigest());
      assertEquals(-1L, Files.mismatch(vector, copy), name);
    }
  }

  @ParameterizedTest(name = "read buffer {0}")
  @ValueSource(ints = {1, 64, 1000, 65536})
  void readBufferSizeDoesNotChangeWhatIsRead(int readBuffer) throws Exception {
    Path path = Vectors.prefer("log", "boundary_distinct.log", "max_batch.log");
    Reads.Outcome expected = Reads.readAll(path);
    Reads.Outcome got =
        Reads.drain(LogReader.open(path, LogOptions.DEFAULT.withReadBuffer(readBuffer)), "read");
    assertNull(got.error);
    assertEquals(expected.items, got.items);
    assertEquals(expected.recordStarts, got.recordStarts);
  }

  @Test
  void appendingAfterSealIsAnError(@TempDir Path dir) throws Exception {
    LogWriter w = LogWriter.create(dir.resolve("sealed.log"));
    w.seal();
    assertThrows(
        SstException.class, () -> w.append(new WriteBatch().put(new byte[0], 0, new byte[0])));
  }

  @Test
  void theSetsumHashedInTheBackgroundIsTheSumOfEveryItemAppendedAndNoOther(@TempDir Path dir)
      throws Exception {
    java.util.Random rnd = new java.util.Random(5);
    Setsum expected = new Setsum();
    LogWriter w = LogWriter.create(dir.resolve("many.log"));
    WriteBatch batch = new WriteBatch();
    for (int b = 0; b < 400; b++) {
      // mostly small batches (many per 1 MiB chunk), some of ~1 MiB, one of exactly 1 MiB
      boolean big = b % 97 == 3;
      int items = big ? 32 : 1 + rnd.nextInt(20);
      for (int i = 0; i < items; i++) {
        byte[] key = new byte[rnd.nextInt(30)];
        rnd.nextBytes(key);
        long ts = rnd.nextLong();
        if (!big && rnd.nextInt(5) == 0) {
          batch.del(key, ts);
          expected.insertDel(key, ts);
        } else {
          byte[] value = new byte[big ? 32000 : rnd.nextInt(3000)];
          rnd.nextBytes(value);
          batch.put(key, ts, value);
          expected.insertPut(key, ts, value);
        }
      }
      if (b == 100) { // a big one: top it up to exactly 1 MiB, hashed as a chunk of its own
        int valueLength = 0;
        while (batch.sizeInBytes()
            + dev.sstbeam.format.wire.EntryCodec.putSize(1, 7, valueLength) < Limits.LOG_BLOCK_SIZE) {
          valueLength++;
        }
        byte[] value = new byte[valueLength];
        batch.put(new byte[] {9}, 7, value);
        expected.insertPut(new byte[] {9}, 7, value);
        assertEquals(Limits.LOG_BLOCK_SIZE, batch.sizeInBytes());
      }
      w.append(batch);
      batch.clear();
      if (b == 200) {
        assertEquals(expected, w.setsum(), "setsum() waits for the batches appended so far");
      }
    }
    byte[] big = new byte[Limits.LOG_BLOCK_SIZE];
    assertThrows(SstException.class, () -> w.append(new WriteBatch().put(new byte[1], 1, big)));
    assertEquals(expected, w.seal());
    assertEquals(expected, LogChecksum.of(dir.resolve("many.log"), 2).setsum());
  }

  private static String le32(int v) {
    byte[] b = {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    return hex(b);
  }
}
