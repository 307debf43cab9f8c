package dev.sstbeam.format.log;

import static dev.sstbeam.format.testsupport.Vectors.unhex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.testsupport.LogGen;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.wire.ByteBuilder;
import dev.sstbeam.format.wire.Crc32c;
import dev.sstbeam.format.wire.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader rules of FORMAT.md §4.5-4.6 on hand-made frames the writer never produces: lenient
 * header decoding (§1.3), empty frames, discriminants, header lengths, and the exact padding
 * limits (a zero byte at p is padding iff the boundary is at most p + 20; after a FIRST the
 * boundary must be at most 19 bytes away).
 */
class LogReaderTest {
  private static final int B = LogGen.B;
  private static final byte[] KEY = {'k'};
  private static final byte[] VALUE = {'v', 'w'};
  private static final byte[] PUT = put(KEY, 7, VALUE);

  @TempDir Path dir;

  @Test
  void headerFieldsInAnyOrderAreAccepted() throws Exception {
    // 58 01 50 size 65 crc instead of 50 size 58 01 65 crc.
    byte[] header = cat(unhex("5801"), unhex("50"), varint(PUT.length), unhex("65"), le32(crc(PUT)));
    assertReads(List.of(KeyValue.put(KEY, 7, VALUE)), frameWithHeader(header, PUT));
  }

  @Test
  void unknownHeaderFieldsAreSkippedAndARepeatedFieldTakesTheLastValue() throws Exception {
    byte[] header =
        cat(unhex("5000"), unhex("50"), varint(PUT.length), unhex("5801"), unhex("7007"),
            unhex("65"), le32(crc(PUT)), unhex("7d01020304"));
    assertReads(List.of(KeyValue.put(KEY, 7, VALUE)), frameWithHeader(header, PUT));
  }

  @Test
  void headerWithoutACrcFieldHasCrcZero() throws Exception {
    byte[] header = cat(unhex("50"), varint(PUT.length), unhex("5801"));
    Reads.Outcome o = read(frameWithHeader(header, PUT));
    assertError(o, ErrorCode.CORRUPTION_CRC_CHECKSUM_FAILED,
        Map.of("expected", "0", "computed", Long.toString(crc(PUT) & 0xffffffffL)));
  }

  @Test
  void headerWithoutADiscriminantIsDiscriminantZero() throws Exception {
    byte[] header = cat(unhex("50"), varint(PUT.length), unhex("65"), le32(crc(PUT)));
    assertError(read(frameWithHeader(header, PUT)), ErrorCode.CORRUPTION_INVALID_DISCRIMINANT,
        Map.of("discriminant", "0"));
  }

  @Test
  void discriminantAboveU32IsUnpackLogHeader() throws Exception {
    byte[] header =
        cat(unhex("50"), varint(PUT.length), unhex("58"), varint(1L << 32), unhex("65"),
            le32(crc(PUT)));
    assertError(read(frameWithHeader(header, PUT)), ErrorCode.UNPACK_LOG_HEADER, Map.of());
  }

  @Test
  void headerLengthOf19IsAcceptedAnd20IsHeaderSizeExceedsMax() throws Exception {
    // Pad the 9-byte header to 19 bytes with an unknown fixed32 field 15, twice.
    byte[] base = cat(unhex("50"), varint(PUT.length), unhex("5801"), unhex("65"), le32(crc(PUT)));
    byte[] pad19 = cat(base, unhex("7d01020304"), unhex("7d05060708"));
    assertEquals(19, pad19.length);
    assertReads(List.of(KeyValue.put(KEY, 7, VALUE)), frameWithHeader(pad19, PUT));

    byte[] file = cat(new byte[] {20}, new byte[40]);
    assertError(read(file), ErrorCode.CORRUPTION_HEADER_SIZE_EXCEEDS_MAX,
        Map.of("header_size", "20", "offset", "1"));
  }

  @Test
  void frameWithAnEmptyPayloadIsEmptyBatch() throws Exception {
    byte[] file = cat(frame(LogWriter.WHOLE, PUT), unhex("09500058016500000000"));
    Reads.Outcome o = read(file);
    assertEquals(List.of(KeyValue.put(KEY, 7, VALUE)), o.items);
    assertError(o, ErrorCode.EMPTY_BATCH, Map.of());
  }

  @Test
  void recordStartingWithASecondIsInvalidDiscriminantThree() throws Exception {
    byte[] file = frame(LogWriter.SECOND, PUT);
    assertError(read(file), ErrorCode.CORRUPTION_INVALID_DISCRIMINANT,
        Map.of("discriminant", "3", "offset", Integer.toString(file.length)));
  }

  @Test
  void entriesAreDecodedLazilySoGoodEntriesBeforeABadOneAreReturned() throws Exception {
    byte[] payload = cat(PUT, put(new byte[] {'x'}, 1, new byte[0]), unhex("0700"));
    Reads.Outcome o = read(frame(LogWriter.WHOLE, payload));
    assertEquals(2, o.items.size());
    assertError(o, ErrorCode.UNPACK_KEY_VALUE_ENTRY, Map.of());
  }

  @Test
  void frameLargerThanOneBlockIsEntrySizeExceedsMax() throws Exception {
    // Rust would read and CRC-check it; no writer produces a frame over B bytes.
    byte[] payload = new byte[B + 1];
    byte[] file = frame(LogWriter.WHOLE, payload);
    assertError(read(file), ErrorCode.CORRUPTION_ENTRY_SIZE_EXCEEDS_MAX, Map.of("size", "1048577"));
  }

  @Test
  void zeroByteIsPaddingIffTheBoundaryIsAtMostTwentyBytesAfterIt() throws Exception {
    for (int zeros : new int[] {19, 20, 21}) {
      Path path = dir.resolve("zeros" + zeros + ".log");
      LogGen gen = LogGen.create(path, zeros);
      gen.padTo(B - zeros);
      gen.seal();
      Files.write(path, cat(new byte[zeros], frame(LogWriter.WHOLE, PUT)), StandardOpenOption.APPEND);
      Reads.Outcome o = Reads.readAll(path);
      assertEquals(gen.allItems(), o.items.subList(0, Math.min(o.items.size(), gen.allItems().size())));
      if (zeros <= 20) {
        assertNull(o.error, () -> zeros + " zeros: " + o.error);
        assertEquals(KeyValue.put(KEY, 7, VALUE), o.items.get(o.items.size() - 1));
        assertEquals(B, (long) o.recordStarts.get(o.recordStarts.size() - 1));
      } else {
        assertError(o, ErrorCode.CORRUPTION_TRUE_UP_EXCEEDS_HEADER_MAX,
            Map.of("offset", Integer.toString(B - 20), "trued_up", Integer.toString(B)));
      }
    }
  }

  @Test
  void firstFrameMayEndAtMost19BytesBeforeTheBoundary() throws Exception {
    byte[] head = put(KEY, 1, new byte[30]);
    byte[] tail = put(KEY, 2, new byte[30]);
    byte[] batch = cat(head, tail);
    for (int gap : new int[] {0, 19, 20}) {
      Path path = dir.resolve("gap" + gap + ".log");
      byte[] first = frame(LogWriter.FIRST, head);
      LogGen gen = LogGen.create(path, gap);
      gen.padTo(B - gap - first.length);
      gen.seal();
      Files.write(path, cat(first, new byte[gap], frame(LogWriter.SECOND, tail)),
          StandardOpenOption.APPEND);
      Reads.Outcome o = Reads.readAll(path);
      int before = gen.allItems().size();
      if (gap <= 19) {
        assertNull(o.error, () -> "gap " + gap + ": " + o.error);
        assertEquals(before + 2, o.items.size());
        assertEquals(B - gap - first.length, (long) o.recordStarts.get(before));
        assertEquals(B + frame(LogWriter.SECOND, tail).length, (long) o.recordEnds.get(before));
      } else {
        assertEquals(before, o.items.size());
        assertError(o, ErrorCode.CORRUPTION_TRUE_UP_EXCEEDS_HEADER_MAX,
            Map.of("offset", Integer.toString(B - 20), "trued_up", Integer.toString(B)));
      }
      assertEquals(batch.length, head.length + tail.length);
    }
  }

  @Test
  void firstFollowedByEndOfFileOrAWholeFrame() throws Exception {
    byte[] first = frame(LogWriter.FIRST, PUT);
    // FIRST at B - first.length - 9, then its padding, then nothing.
    Path path = dir.resolve("first-eof.log");
    LogGen gen = LogGen.create(path, 1);
    gen.padTo(B - first.length - 9);
    gen.seal();
    Files.write(path, cat(first, new byte[9]), StandardOpenOption.APPEND);
    assertError(Reads.readAll(path), ErrorCode.CORRUPTION_TRUNCATION_NO_SECOND_HEADER,
        Map.of("offset", Integer.toString(B)));

    Files.write(path, frame(LogWriter.WHOLE, PUT), StandardOpenOption.APPEND);
    assertError(Reads.readAll(path), ErrorCode.CORRUPTION_INVALID_DISCRIMINANT,
        Map.of("discriminant", "1"));
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private Reads.Outcome read(byte[] file) throws Exception {
    Path path = Files.createTempFile(dir, "crafted", ".log");
    Files.write(path, file);
    return Reads.readAll(path);
  }

  private void assertReads(List<KeyValue> expected, byte[] file) throws Exception {
    Reads.Outcome o = read(file);
    assertNull(o.error, () -> "unexpected " + o.error);
    assertEquals(expected, o.items);
  }

  private static void assertError(Reads.Outcome o, ErrorCode code, Map<String, String> fields) {
    assertNotNull(o.error, () -> "expected " + code + ", got a clean end after " + o.items.size());
    assertEquals(code, o.error.code(), o.error.getMessage());
    for (Map.Entry<String, String> f : fields.entrySet()) {
      assertEquals(f.getValue(), o.error.fields().get(f.getKey()), o.error.getMessage());
    }
  }

  static byte[] put(byte[] key, long ts, byte[] value) {
    ByteBuilder b = new ByteBuilder(16);
    EntryCodec.encodePut(b, 0, key, 0, key.length, ts, value);
    return b.toByteArray();
  }

  static byte[] frame(int disc, byte[] payload) {
    byte[] header =
        cat(unhex("50"), varint(payload.length), new byte[] {0x58, (byte) disc, 0x65},
            le32(crc(payload)));
    return frameWithHeader(header, payload);
  }

  static byte[] frameWithHeader(byte[] header, byte[] payload) {
    return cat(new byte[] {(byte) header.length}, header, payload);
  }

  static int crc(byte[] b) {
    return Crc32c.of(b, 0, b.length);
  }

  static byte[] varint(long v) {
    return new ByteBuilder(10).putVarint(v).toByteArray();
  }

  static byte[] le32(int v) {
    return new ByteBuilder(4).putLE32(v).toByteArray();
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
