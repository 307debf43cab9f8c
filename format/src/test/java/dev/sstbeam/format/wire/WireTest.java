package dev.sstbeam.format.wire;

import static dev.sstbeam.format.testsupport.Vectors.hex;
import static dev.sstbeam.format.testsupport.Vectors.unhex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.testsupport.Reads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-level examples of FORMAT.md §1.1 (varints), §2.4 (entries), §3 (CRC-32C), §4.2-4.3 (frames). */
class WireTest {
  private static final int B = 1 << 20;

  // ---- §1.1 varints -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} encodes as {1}")
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "300, ac02",
    "16383, ff7f",
    "16384, 808001",
    "2097151, ffff7f",
    "2097152, 80808001",
    "268435456, 8080808001",
    "34359738368, 808080808001",
    "4398046511104, 80808080808001",
    "562949953421312, 8080808080808001",
    "72057594037927936, 808080808080808001",
    "9223372036854775808, 80808080808080808001",
    "18446744073709551615, ffffffffffffffffff01",
  })
  void varintEncodesAndDecodesTheTableOfSection1_1(String value, String encoding) throws Exception {
    long v = Long.parseUnsignedLong(value);
    byte[] expected = unhex(encoding);

    byte[] out = new byte[Varint.MAX_LENGTH];
    int end = Varint.write(out, 0, v);
    assertEquals(encoding, hex(Arrays.copyOf(out, end)));
    assertEquals(expected.length, Varint.length(v));
    assertEquals(encoding, hex(new ByteBuilder(1).putVarint(v).toByteArray()));

    byte[] padded = Arrays.copyOf(expected, expected.length + 3); // trailing bytes must stay unread
    WireReader r = new WireReader(padded, 0, padded.length);
    assertEquals(v, r.readVarint());
    assertEquals(expected.length, r.position());
  }

  @Test
  void varintLengthIsOnePlusFloorLog2Over7() {
    for (int bits = 0; bits < 64; bits++) {
      long x = 1L << bits;
      assertEquals(1 + bits / 7, Varint.length(x), "2^" + bits);
      assertEquals(Math.max(1, 1 + (bits - 1) / 7), Varint.length(x - 1), "2^" + bits + "-1");
    }
  }

  @ParameterizedTest(name = "non-minimal {0} decodes as {1}")
  @CsvSource({
    "8000, 0",
    "ff00, 127",
    "818000, 1",
    "80808080808080808000, 0",
    "ff808080808080808000, 127",
  })
  void varintDecoderAcceptsNonMinimalEncodings(String encoding, long value) throws Exception {
    byte[] b = unhex(encoding);
    WireReader r = new WireReader(b, 0, b.length);
    assertEquals(value, r.readVarint());
    assertEquals(b.length, r.position());
  }

  @ParameterizedTest(name = "{0} overflows")
  @ValueSource(
      strings = {
        "",
        "80",
        "ffff",
        "808080808080808080",
        "80808080808080808080",
        "8080808080808080808000",
        "ffffffffffffffffffff01",
      })
  void varintDecoderFailsWhenNoneOfTheFirstTenBytesEndsIt(String encoding) {
    byte[] b = unhex(encoding);
    WireReader r = new WireReader(b, 0, b.length);
    assertThrows(WireException.class, r::readVarint);
  }

  @Test
  void varintDecoderExaminesOnlyItsWindow() {
    // A varint that would end just past the reader's limit is an overflow, not a read past it.
    byte[] b = unhex("8001");
    assertThrows(WireException.class, () -> new WireReader(b, 0, 1).readVarint());
  }

  @Test
  void varintTenthByteBitsAboveBitZeroAreDiscardedLikeBuffertk() throws Exception {
    byte[] max = unhex("ffffffffffffffffff7f");
    assertEquals(-1L, new WireReader(max, 0, max.length).readVarint());
    byte[] two = unhex("80808080808080808002");
    assertEquals(0L, new WireReader(two, 0, two.length).readVarint());
  }

  // ---- §1.3 tags and lengths ---------------------------------------------------------------------

  @ParameterizedTest(name = "tag {0} is rejected")
  @ValueSource(strings = {"00", "0b", "0c", "0e", "0f", "c0a309", "80808080808080808001"})
  void invalidTagsAreRejected(String encoding) {
    // field 0; wire types 3, 4, 6, 7; field 19000 (reserved); a tag above u32
    byte[] b = unhex(encoding);
    assertThrows(WireException.class, () -> new WireReader(b, 0, b.length).readTag());
  }

  @Test
  void lengthPrefixRunningPastTheWindowFails() throws Exception {
    byte[] b = unhex("0361626364");
    assertEquals(1, new WireReader(b, 0, 4).readLengthDelimited());
    assertThrows(WireException.class, () -> new WireReader(b, 0, 3).readLengthDelimited());
    byte[] huge = unhex("ffffffffffffffffff01");
    assertThrows(WireException.class, () -> new WireReader(huge, 0, huge.length).readLengthDelimited());
  }

  // ---- §2.4 entries ------------------------------------------------------------------------------

  private static final String PUT_EXAMPLE = "42130800120365666718" + "2a22080102030405060708";

  @Test
  void putEntryEncodesAsTheSection2_4ExampleWithCrc5acc2712() {
    byte[] key = unhex("656667");
    byte[] value = unhex("0102030405060708");
    ByteBuilder out = new ByteBuilder(8);
    EntryCodec.encodePut(out, 0, key, 0, key.length, 42, value);
    byte[] bytes = out.toByteArray();
    assertEquals(PUT_EXAMPLE, hex(bytes));
    assertEquals(bytes.length, EntryCodec.putSize(3, 42, 8));
    assertEquals(0x5acc2712, Crc32c.of(bytes, 0, bytes.length));
  }

  @Test
  void delEntryEncodesEveryFieldInOrder() {
    byte[] key = unhex("656667");
    ByteBuilder out = new ByteBuilder(8);
    EntryCodec.encodeDel(out, 0, key, 0, key.length, 42);
    assertEquals("4a09280032036566673" + "82a", hex(out.toByteArray()));
    assertEquals(11, EntryCodec.delSize(3, 42));
  }

  @Test
  void emptyKeyAndValueAreStillWritten() {
    ByteBuilder out = new ByteBuilder(8);
    EntryCodec.encodePut(out, 0, new byte[0], 0, 0, 0, new byte[0]);
    assertEquals("420808001200180022" + "00", hex(out.toByteArray()));
  }

  @Test
  void entryDecoderReadsTheExample() throws Exception {
    byte[] b = unhex(PUT_EXAMPLE);
    WireReader r = new WireReader(b, 0, b.length);
    EntryCodec.DecodedEntry e = new EntryCodec.DecodedEntry();
    EntryCodec.decode(r, e);
    assertEquals(b.length, r.position());
    assertTrue(e.put);
    assertEquals(0, e.shared);
    assertEquals("656667", hex(Arrays.copyOfRange(b, e.keyOffset, e.keyOffset + e.keyLength)));
    assertEquals(42, e.timestamp);
    assertEquals(
        "0102030405060708",
        hex(Arrays.copyOfRange(b, e.valueOffset, e.valueOffset + e.valueLength)));
  }

  @Test
  void entryDecoderIsLenientAboutFieldOrderUnknownFieldsAndAbsentFields() throws Exception {
    EntryCodec.DecodedEntry e = new EntryCodec.DecodedEntry();
    // Fields reversed, plus an unknown varint field 15 and a repeated timestamp (last wins).
    byte[] b = unhex("42" + "17" + "22080102030405060708" + "1801" + "7805" + "12036566671" + "82a" + "0800");
    EntryCodec.decode(new WireReader(b, 0, b.length), e);
    assertTrue(e.put);
    assertEquals(42, e.timestamp);
    assertEquals(3, e.keyLength);
    assertEquals(8, e.valueLength);
    // An empty body: a put of the empty key at 0 with an empty value.
    byte[] empty = unhex("4200");
    EntryCodec.decode(new WireReader(empty, 0, 2), e);
    assertTrue(e.put);
    assertEquals(0, e.keyLength);
    assertEquals(0, e.timestamp);
    assertEquals(0, e.valueLength);
    // A tombstone.
    byte[] del = unhex("4a09280032036566673" + "82a");
    EntryCodec.decode(new WireReader(del, 0, del.length), e);
    assertFalse(e.put);
    assertEquals(42, e.timestamp);
  }

  @ParameterizedTest(name = "entry {0} is rejected")
  @ValueSource(strings = {"1a00", "4214", "420108", "420312056b", "42020f00"})
  void entryDecoderRejectsUnknownVariantsAndBodiesThatRunShort(String encoding) {
    byte[] b = unhex(encoding);
    assertThrows(
        WireException.class,
        () -> EntryCodec.decode(new WireReader(b, 0, b.length), new EntryCodec.DecodedEntry()));
  }

  // ---- §3 CRC-32C --------------------------------------------------------------------------------

  @Test
  void crc32cMatchesTheCheckValuesOfSection3() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xff);
    byte[] up = new byte[32];
    byte[] down = new byte[32];
    for (int i = 0; i < 32; i++) {
      up[i] = (byte) i;
      down[i] = (byte) (31 - i);
    }
    assertEquals(0x8a9136aa, Crc32c.of(zeros, 0, 32));
    assertEquals(0x62a8ab43, Crc32c.of(ones, 0, 32));
    assertEquals(0x46dd794e, Crc32c.of(up, 0, 32));
    assertEquals(0x113fdb5c, Crc32c.of(down, 0, 32));
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xe3069283, Crc32c.of(check, 0, check.length));
    assertEquals(0, Crc32c.of(new byte[0], 0, 0));
    byte[] framed = new byte[40];
    System.arraycopy(up, 0, framed, 5, 32);
    assertEquals(0x46dd794e, Crc32c.of(framed, 5, 32));
  }

  // ---- §4.2 and §4.3 frames ------------------------------------------------------------------------

  @Test
  void headerOfAWholeFrameOf19BytesWithCrc5475cb53IsTheSection4_2Example(@TempDir Path dir)
      throws Exception {
    // A 19-byte batch (one put of "k" @ 1 with an 8-byte value) whose last 4 value bytes are
    // chosen so that the payload's CRC-32C is 5475cb53, the CRC of the example.
    byte[] value = "abcd\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    byte[] prefix = unhex("4211080012016b18012208" + "61626364");
    byte[] forced = forceCrc(prefix, 0x5475cb53);
    System.arraycopy(forced, 0, value, 4, 4);
    WriteBatch batch = new WriteBatch().put(new byte[] {'k'}, 1, value);
    assertEquals(19, batch.sizeInBytes());

    Path log = dir.resolve("header.log");
    LogWriter w = LogWriter.create(log);
    w.append(batch);
    w.seal();
    byte[] file = Files.readAllBytes(log);
    assertEquals(29, file.length);
    assertEquals("09" + "50135801" + "6553cb7554", hex(Arrays.copyOf(file, 10)));
    assertEquals(
        List.of(KeyValue.put(new byte[] {'k'}, 1, value).toListingLine()),
        Reads.readAll(log).lines());
  }

  @Test
  void insertOneWritesExactlyTheSection4_3ThirtyOneBytes(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("one.log");
    LogWriter w = LogWriter.create(log);
    w.append(new WriteBatch().put(unhex("656667"), 42, unhex("0102030405060708")));
    w.seal();
    assertEquals(
        "09501558016512" + "27cc5a" + PUT_EXAMPLE, hex(Files.readAllBytes(log)));
  }

  @Test
  void insertAcrossBoundaryPadsSevenBytesAndStartsTheSecondFrameAtTheBoundary(@TempDir Path dir)
      throws Exception {
    byte[] key = new byte[64];
    Arrays.fill(key, (byte) 'A');
    byte[] value = new byte[32768];
    Arrays.fill(value, (byte) 'B');
    Path log = dir.resolve("across.log");
    LogWriter w = LogWriter.create(log);
    for (int i = 0; i < 33; i++) {
      w.append(new WriteBatch().put(key, 42, value));
    }
    w.seal();
    byte[] file = Files.readAllBytes(log);
    String around = hex(Arrays.copyOfRange(file, B - 20, B + 11));
    assertEquals("42".repeat(13) + "00".repeat(7) + "0a50c716580365" + "2cf9506b", around);

    try (LogReader r = LogReader.open(log)) {
      int n = 0;
      KeyValue kv;
      while ((kv = r.next()) != null) {
        assertArrayEquals(key, kv.key());
        assertEquals(42, kv.timestamp());
        assertArrayEquals(value, kv.value());
        n++;
      }
      assertEquals(33, n);
    }
  }

  /**
   * Four bytes that, appended to {@code prefix}, give CRC-32C {@code target}: CRC is affine over
   * GF(2) for a fixed length, so the effect of each of the 32 bits is measured and the system
   * solved by elimination.
   */
  static byte[] forceCrc(byte[] prefix, int target) {
    byte[] buf = Arrays.copyOf(prefix, prefix.length + 4);
    int base = Crc32c.of(buf, 0, buf.length);
    int[] vec = new int[32];
    int[] comb = new int[32];
    boolean[] has = new boolean[32];
    for (int i = 0; i < 32; i++) {
      buf[prefix.length + i / 8] = (byte) (1 << (i % 8));
      int v = Crc32c.of(buf, 0, buf.length) ^ base;
      buf[prefix.length + i / 8] = 0;
      int c = 1 << i;
      for (int bit = 31; bit >= 0 && v != 0; bit--) {
        if ((v >>> bit & 1) == 0) {
          continue;
        }
        if (!has[bit]) {
          has[bit] = true;
          vec[bit] = v;
          comb[bit] = c;
          break;
        }
        v ^= vec[bit];
        c ^= comb[bit];
      }
    }
    int want = target ^ base;
    int x = 0;
    for (int bit = 31; bit >= 0; bit--) {
      if ((want >>> bit & 1) != 0) {
        if (!has[bit]) {
          throw new IllegalStateException("CRC bits not independent");
        }
        want ^= vec[bit];
        x ^= comb[bit];
      }
    }
    return new byte[] {(byte) x, (byte) (x >>> 8), (byte) (x >>> 16), (byte) (x >>> 24)};
  }
}
