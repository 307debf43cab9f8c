package dev.sstbeam.format.table;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.num;
import static dev.sstbeam.format.testsupport.Vectors.obj;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static dev.sstbeam.format.testsupport.Vectors.unhex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vectors/sst/*.sst, written by the Rust crate, reads back (forwards and backwards) with the
 * vector's records or listing hash, the scanned setsum, the stored ("fast") setsum and the
 * metadata; every item is found by a point lookup; and writing the same items with the vector's
 * options reproduces the file byte for byte. Also the byte-level examples of FORMAT.md §5: the
 * worked table of §5.14, the block examples of §5.3, the bloom filter of §5.7 with the SipHash
 * reference vectors, and the divider and successor cases of §5.5.
 */
class SstVectorConformanceTest {
  @TempDir Path dir;

  static List<String> tables() {
    return Vectors.files("sst", "", ".sst").stream()
        .map(p -> p.getFileName().toString().replaceFirst("\\.sst$", ""))
        .collect(Collectors.toList());
  }

  private static Path table(String name) {
    return Vectors.file("sst", name + ".sst");
  }

  private static Map<String, Object> json(String name) {
    return Vectors.json(Vectors.file("sst", name + ".sst.json"));
  }

  /** A u64 JSON number (parsed as a Long, or a BigDecimal above Long.MAX_VALUE) as text. */
  private static String u64(Map<String, Object> m, String key) {
    return m.get(key).toString();
  }

  static List<KeyValue> scanForward(Sst sst) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (SstCursor c = sst.cursor()) {
      c.seekToFirst();
      for (c.next(); c.hasItem(); c.next()) {
        out.add(c.keyValue());
      }
    }
    return out;
  }

  static List<KeyValue> scanBackward(Sst sst) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (SstCursor c = sst.cursor()) {
      c.seekToLast();
      for (c.prev(); c.hasItem(); c.prev()) {
        out.add(c.keyValue());
      }
    }
    Collections.reverse(out);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void readsBackTheRecordsSetsumsAndMetadata(String name) throws Exception {
    Map<String, Object> v = json(name);
    assertEquals(num(v, "file_size"), Files.size(table(name)));
    try (Sst sst = Sst.open(table(name))) {
      List<KeyValue> items = scanForward(sst);
      assertEquals(num(v, "record_count"), items.size());
      assertEquals(str(v, "records_sha256"), Reads.sha256(Reads.listing(items)));
      if (v.containsKey("records")) {
        List<String> records = list(v, "records");
        assertEquals(records, items.stream().map(KeyValue::toListingLine).collect(Collectors.toList()));
      } else {
        assertTrue(items.size() >= 200, "records are left out only for 200 or more");
      }
      assertEquals(items, scanBackward(sst), "backwards");

      Setsum scanned = new Setsum();
      items.forEach(scanned::insert);
      assertEquals(str(v, "setsum"), scanned.hexDigest());
      assertEquals(str(v, "setsum"), SstChecksum.of(sst, 3).setsum().hexDigest());
      assertEquals(items.size(), SstChecksum.of(sst, 1).items());
      assertEquals(str(v, "fast_setsum"), sst.fastSetsum().hexDigest());

      Map<String, Object> m = obj(v, "metadata");
      SstMetadata meta = sst.metadata();
      assertEquals(str(m, "setsum"), meta.setsum().hexDigest());
      assertEquals(str(m, "first_key"), Vectors.hex(meta.firstKey()));
      assertEquals(str(m, "last_key"), Vectors.hex(meta.lastKey()));
      assertEquals(u64(m, "smallest_timestamp"), Long.toUnsignedString(meta.smallestTimestamp()));
      assertEquals(u64(m, "biggest_timestamp"), Long.toUnsignedString(meta.biggestTimestamp()));
      assertEquals(num(m, "file_size"), meta.fileSize());
    }
  }

  /** Every item is found by {@code load(key, ts)}, bloom filter first, as the newest ≤ ts. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void everyItemIsFoundByAPointLookup(String name) throws Exception {
    try (Sst sst = Sst.open(table(name))) {
      for (KeyValue kv : scanForward(sst)) {
        assertEquals(kv, sst.load(kv.key(), kv.timestamp()), kv.toString());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void rewritingTheItemsWithTheVectorsOptionsReproducesTheFile(String name) throws Exception {
    Map<String, Object> v = json(name);
    List<KeyValue> items = itemsOf(name);
    Path copy = dir.resolve(name + ".sst");
    SstMetadata sealed;
    try (SstWriter w = SstWriter.create(copy, vectorOptions(v))) {
      for (KeyValue kv : items) {
        w.add(kv);
      }
      sealed = w.seal();
    }
    assertEquals(-1L, Files.mismatch(table(name), copy), "rewritten bytes differ");
    Map<String, Object> m = obj(v, "metadata");
    assertEquals(str(m, "setsum"), sealed.setsum().hexDigest());
    assertEquals(str(m, "first_key"), Vectors.hex(sealed.firstKey()));
    assertEquals(str(m, "last_key"), Vectors.hex(sealed.lastKey()));
    assertEquals(num(m, "file_size"), sealed.fileSize());
  }

  /**
   * The same through {@link SstWriter#add(byte[], int, int, long, byte[], int, int)}: each item's
   * key and value lie at an offset in one shared array that is overwritten right after the call
   * (as a sort buffer's slabs are reused), hashed inline and in the background.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void rewritingTheItemsAsSlicesOfAReusedArrayReproducesTheFile(String name) throws Exception {
    Map<String, Object> v = json(name);
    List<KeyValue> items = itemsOf(name);
    for (boolean background : new boolean[] {false, true}) {
      Path copy = dir.resolve(name + "-" + background + ".sst");
      SstMetadata sealed;
      byte[] shared = new byte[1 << 16];
      try (SstWriter w = SstWriter.create(copy, vectorOptions(v))) {
        if (background) {
          w.hashInBackground();
        }
        int n = 0;
        for (KeyValue kv : items) {
          int keyAt = 1 + n % 7;
          int valueAt = keyAt + kv.key().length + n % 3;
          byte[] value = kv.value();
          if (shared.length < valueAt + (value == null ? 0 : value.length)) {
            shared = new byte[2 * (valueAt + value.length)];
          }
          System.arraycopy(kv.key(), 0, shared, keyAt, kv.key().length);
          if (value != null) {
            System.arraycopy(value, 0, shared, valueAt, value.length);
          }
          w.add(shared, keyAt, kv.key().length, kv.timestamp(), value == null ? null : shared,
              valueAt, value == null ? 0 : value.length);
          Arrays.fill(shared, (byte) n++);
        }
        sealed = w.seal();
      }
      assertEquals(-1L, Files.mismatch(table(name), copy), "rewritten bytes differ, background " + background);
      assertEquals(str(obj(v, "metadata"), "setsum"), sealed.setsum().hexDigest());
      assertEquals(str(obj(v, "metadata"), "last_key"), Vectors.hex(sealed.lastKey()));
    }
  }

  private static List<KeyValue> itemsOf(String name) throws Exception {
    try (Sst sst = Sst.open(table(name))) {
      return scanForward(sst);
    }
  }

  private static SstOptions vectorOptions(Map<String, Object> v) {
    Map<String, Object> o = obj(v, "options");
    assertEquals("NoCompression", str(o, "block_compression"));
    return SstOptions.builder()
        .bytesRestartInterval(num(o, "block_bytes_restart_interval"))
        .keyValuePairsRestartInterval(num(o, "block_key_value_pairs_restart_interval"))
        .targetBlockSize(num(o, "target_block_size"))
        .targetFileSize(num(o, "target_file_size"))
        .minimumFileSize(num(o, "minimum_file_size"))
        .writeBufferSize((int) num(o, "write_buffer_size"))
        .bloomFilterBits((int) num(o, "bloom_filter_bits"))
        .build();
  }

  /** FORMAT.md §5.14, all 188 bytes, and the setsum of §7.3. */
  @Test
  void theWorkedExampleOfSection514() throws Exception {
    byte[] expected = unhex(String.join(" ",
        "52 2c 42 0a 08 00 12 01 41 18 05 22 01 61 4a 06",
        "28 01 32 00 38 03 42 0b 08 00 12 01 42 18 00 22",
        "02 62 62 52 04 00 00 00 00 5d 01 00 00 00 52 1f",
        "42 12 08 00 12 01 42 18 00 22 09 68 00 70 2e 7d",
        "fb 3f 30 25 52 04 00 00 00 00 5d 01 00 00 00 6a",
        "20 00 00 00 84 00 40 00 00 40 04 00 00 00 00 00",
        "81 00 00 90 00 00 08 10 00 02 00 01 00 00 04 00",
        "40 82 01 09 68 2e 70 4f 7d e8 72 5b 6e 8a 01 09",
        "68 4f 70 71 7d f1 16 c2 60 9a 01 20 8e e1 cc c6",
        "e4 f6 be f2 3b a7 38 d5 a3 8f 18 5e f5 d5 90 47",
        "21 7b 0a 07 e2 48 92 27 8c ab 74 fb a0 01 00 a8",
        "01 05 91 01 71 00 00 00 00 00 00 00"));
    assertEquals(188, expected.length);
    Path p = dir.resolve("example.sst");
    SstMetadata meta;
    try (SstWriter w = SstWriter.create(p)) {
      w.put(bytes("A"), 5, bytes("a"));
      w.del(bytes("A"), 3);
      w.put(bytes("B"), 0, bytes("bb"));
      meta = w.seal();
    }
    assertArrayEquals(expected, Files.readAllBytes(p));
    String setsum = "8ee1ccc6e4f6bef23ba738d5a38f185ef5d59047217b0a07e24892278cab74fb";
    assertEquals(setsum, meta.setsum().hexDigest());
    try (Sst sst = Sst.open(p)) {
      assertEquals(List.of(KeyValue.put(bytes("A"), 5, bytes("a")), KeyValue.del(bytes("A"), 3),
          KeyValue.put(bytes("B"), 0, bytes("bb"))), scanForward(sst));
      assertEquals(setsum, SstChecksum.of(sst, 2).setsum().hexDigest());
      List<BlockMetadata> blocks = sst.dataBlocks();
      assertEquals(1, blocks.size());
      assertEquals(0, blocks.get(0).start());
      assertEquals(0x2e, blocks.get(0).limit());
      assertEquals(0x25303ffb, blocks.get(0).crc32c());
      assertEquals(KeyValue.del(bytes("A"), 3), sst.load(bytes("A"), 4));
      assertNull(sst.load(bytes("A"), 2));
    }
  }

  /** FORMAT.md §10 item 11: the 122-byte empty table, which we read as empty. */
  @Test
  void theEmptyTable() throws Exception {
    Path p = dir.resolve("empty.sst");
    try (SstWriter w = SstWriter.create(p)) {
      SstMetadata meta = w.seal();
      assertEquals(122, meta.fileSize());
    }
    assertArrayEquals(Files.readAllBytes(Vectors.file("bad", "sst_empty_table.sst")),
        Files.readAllBytes(p));
    try (Sst sst = Sst.open(p)) {
      assertEquals(List.of(), scanForward(sst));
      assertEquals(List.of(), scanBackward(sst));
      assertEquals(List.of(), sst.dataBlocks());
      assertTrue(sst.fastSetsum().isEmpty());
      assertTrue(SstChecksum.of(sst, 4).setsum().isEmpty());
      assertEquals("ffffffffffffffffffffff", Vectors.hex(sst.metadata().lastKey()));
      assertNull(sst.load(new byte[0], 0));
    }
  }

  /** FORMAT.md §5.3: the empty block, a single entry, prefix compression, restart offsets. */
  @Test
  void theBlockExamplesOfSection53() throws Exception {
    assertArrayEquals(unhex("52 04 00000000 5d 01000000"), new BlockBuilder(SstOptions.DEFAULT).seal());

    BlockBuilder one = new BlockBuilder(SstOptions.DEFAULT);
    one.put(bytes("key"), 0xc0ffee, bytes("value"));
    assertArrayEquals(
        unhex("42 13 08 00 12 03 6b6579 18 eeff8306 22 05 76616c7565 52 04 00000000 5d 01000000"),
        one.seal());

    BlockBuilder two = new BlockBuilder(SstOptions.DEFAULT);
    two.put(bytes("key1"), 0xc0ffee, bytes("value1"));
    two.put(bytes("key2"), 0xc0ffee, bytes("value2"));
    assertArrayEquals(
        unhex("42 15 08 00 12 04 6b657931 18 eeff8306 22 06 76616c756531"
            + "42 12 08 03 12 01 32 18 eeff8306 22 06 76616c756532"
            + "52 04 00000000 5d 01000000"),
        two.seal());

    SstOptions everyEntry = SstOptions.builder().bytesRestartInterval(1)
        .keyValuePairsRestartInterval(1).build();
    BlockBuilder restarts = new BlockBuilder(everyEntry);
    restarts.put(bytes("key1"), 0xc0ffee, bytes("value1"));
    restarts.put(bytes("key2"), 0xc0ffee, bytes("value2"));
    byte[] b = restarts.seal();
    assertArrayEquals(unhex("52 08 00000000 17000000 5d 02000000"),
        java.util.Arrays.copyOfRange(b, b.length - 15, b.length), "restarts [0, 23]");

    // Intervals of 0 push a second restart offset 0 before the first entry (§5.4, §10 item 13).
    BlockBuilder zero = new BlockBuilder(SstOptions.builder().bytesRestartInterval(0).build());
    zero.put(bytes("k"), 1, bytes("v"));
    byte[] z = zero.seal();
    assertArrayEquals(unhex("52 08 00000000 00000000 5d 02000000"),
        java.util.Arrays.copyOfRange(z, z.length - 15, z.length));
  }

  /** SipHash-2-4 reference vectors (key 00..0f), FORMAT.md §5.7. */
  @Test
  void sipHashReferenceVectors() {
    long k0 = 0x0706050403020100L;
    long k1 = 0x0f0e0d0c0b0a0908L;
    assertEquals(0x726fdb47dd0e0e31L, SipHash24.hash(k0, k1, new byte[0], 0, 0));
    byte[] m = new byte[15];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) i;
    }
    assertEquals(0xa129ca6149be45e5L, SipHash24.hash(k0, k1, m, 0, 15));
    // An offset into a larger array hashes the same bytes.
    byte[] padded = new byte[20];
    System.arraycopy(m, 0, padded, 3, 15);
    assertEquals(0xa129ca6149be45e5L, SipHash24.hash(k0, k1, padded, 3, 15));
  }

  /**
   * FORMAT.md §5.7 worked values: each key's hash, and the one bit it sets in each of the 8 words
   * of its block (a filter of one block built from that key alone).
   */
  @Test
  void bloomFilterWorkedValues() throws Exception {
    check("A", 0x6d51e705fae0dad9L, 31, 14, 6, 24, 20, 20, 1, 30);
    check("B", 0xc9fc6106954de83eL, 26, 14, 10, 31, 23, 11, 16, 10);
    check("hello world", 0x56d07fba9e25944cL, 9, 17, 26, 30, 22, 31, 14, 13);
  }

  private static void check(String key, long hash, int... bits) throws Exception {
    assertEquals(hash, BloomFilter.hash(bytes(key)), key);
    BloomFilter f = BloomFilter.build(new long[] {hash}, 1, 17);
    assertEquals(1, f.blocks());
    byte[] b = f.toBytes();
    assertEquals(32, b.length);
    for (int i = 0; i < 8; i++) {
      int word = (b[4 * i] & 0xff) | (b[4 * i + 1] & 0xff) << 8 | (b[4 * i + 2] & 0xff) << 16
          | (b[4 * i + 3] & 0xff) << 24;
      assertEquals(1 << bits[i], word, key + " word " + i);
    }
    assertTrue(f.mightContain(bytes(key)));
    BloomFilter parsed = BloomFilter.parse(b, 0, b.length);
    assertTrue(parsed.mightContain(bytes(key)));
  }

  /**
   * Filter sizes, {@code ((items × bits + 7) >> 3 >> 5) + 1} as in Rust's {@code sbbf.rs}: 0–14
   * items at 17 bits → 1 block, 15 and 16 → 2, 100 → 7. (FORMAT.md §5.7 says "0–15 items → 1
   * block", but 15 × 17 = 255 bits gives (255 + 7) / 8 = 32 bytes, hence 2 blocks.)
   */
  @Test
  void bloomFilterSizes() {
    long[] none = new long[200];
    assertEquals(1, BloomFilter.build(none, 0, 17).blocks());
    assertEquals(1, BloomFilter.build(none, 14, 17).blocks());
    assertEquals(2, BloomFilter.build(none, 15, 17).blocks());
    assertEquals(2, BloomFilter.build(none, 16, 17).blocks());
    assertEquals(7, BloomFilter.build(none, 100, 17).blocks());
    assertEquals(1, BloomFilter.build(none, 100, 0).blocks());
  }

  /** Every divide_keys and minimal_successor case of FORMAT.md §5.5. */
  @Test
  void dividerAndSuccessorCasesOfSection55() {
    divides("", 2, "", 0, "", 2);
    divides("", 0, "01", 0, "", 0);
    divides("ff", 1, "ff", 0, "ff", 1);
    divides("aa", 0, "aaaa", 0, "aa", 0);
    divides("aa00", 0, "aa05aa", 0, "aa01", 0);
    divides("ffff00", 0, "ffff05ffff", 0, "ffff01", 0);
    divides("ffff00", 0, "ffff01", 5, "ffff00", 0);
    divides("36", 5, "38", 9, "37", 0);
    divides("36", 9, "38", 5, "37", 0);
    succeeds("", 0, "00", 0);
    succeeds("", 1, "", 0);
    succeeds("aa", 5, "aa", 4);
    succeeds("ffffff", 0, "ffffff00", 0);
    succeeds("aa", -1L, "aa", -2L);
  }

  private static void divides(String lk, long lt, String rk, long rt, String dk, long dt) {
    Divider d = Divider.between(unhex(lk), lt, unhex(rk), rt);
    String what = "(" + lk + "," + lt + ")|(" + rk + "," + rt + ")";
    assertEquals(dk, Vectors.hex(d.key()), what);
    assertEquals(dt, d.timestamp(), what);
  }

  private static void succeeds(String k, long t, String sk, long st) {
    Divider d = Divider.successor(unhex(k), t);
    assertEquals(sk, Vectors.hex(d.key()), k + "," + t);
    assertEquals(st, d.timestamp(), k + "," + t);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
