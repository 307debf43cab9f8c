package dev.sstbeam.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.testsupport.LogGen;
import dev.sstbeam.format.wire.EntryCodec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The write batch limits of FORMAT.md §2.1 and §4.1, and merging (§4.8). */
class WriteBatchTest {
  private static final int B = 1 << 20;

  @Test
  void keyOf16384BytesIsAcceptedAnd16385IsKeyTooLarge() throws Exception {
    WriteBatch b = new WriteBatch();
    b.put(new byte[16384], 1, new byte[0]);
    b.del(new byte[16384], 2);
    assertUnchangedAfter(
        b, ErrorCode.KEY_TOO_LARGE, "16385", "16384", () -> b.put(new byte[16385], 3, new byte[0]));
    assertUnchangedAfter(
        b, ErrorCode.KEY_TOO_LARGE, "16385", "16384", () -> b.del(new byte[16385], 3));
    assertEquals(2, b.count());
  }

  @Test
  void valueOf32768BytesIsAcceptedAnd32769IsValueTooLarge() throws Exception {
    WriteBatch b = new WriteBatch();
    b.put(new byte[] {1}, 1, new byte[32768]);
    assertUnchangedAfter(
        b,
        ErrorCode.VALUE_TOO_LARGE,
        "32769",
        "32768",
        () -> b.put(new byte[] {1}, 2, new byte[32769]));
    assertEquals(1, b.count());
    assertEquals(EntryCodec.putSize(1, 1, 32768), b.sizeInBytes());
  }

  @Test
  void batchOfExactlyOneMebibyteIsAcceptedAndOneMoreEntryIsTableFull() throws Exception {
    List<KeyValue> items = LogGen.itemsOnly(1).itemsOfSize(B);
    WriteBatch b = LogGen.batch(items);
    assertEquals(B, b.sizeInBytes());
    assertEquals(items.size(), b.count());
    // The smallest entry: empty key, timestamp 0, empty value = 10 bytes.
    assertEquals(10, EntryCodec.putSize(0, 0, 0));
    assertUnchangedAfter(
        b,
        ErrorCode.TABLE_FULL,
        String.valueOf(B + 10),
        String.valueOf(B),
        () -> b.put(new byte[0], 0, new byte[0]));
    assertUnchangedAfter(
        b, ErrorCode.TABLE_FULL, String.valueOf(B + 6 + 3 + 2), String.valueOf(B),
        () -> b.del(new byte[3], 2));
  }

  @Test
  void entryThatEndsExactlyAtOneMebibyteFitsAndOneByteMoreDoesNot() throws Exception {
    List<KeyValue> items = LogGen.itemsOnly(2).itemsOfSize(B - 10);
    WriteBatch fits = LogGen.batch(items);
    fits.put(new byte[0], 0, new byte[0]);
    assertEquals(B, fits.sizeInBytes());

    WriteBatch over = LogGen.batch(LogGen.itemsOnly(2).itemsOfSize(B - 9));
    assertUnchangedAfter(
        over,
        ErrorCode.TABLE_FULL,
        String.valueOf(B + 1),
        String.valueOf(B),
        () -> over.put(new byte[0], 0, new byte[0]));
  }

  @Test
  void setsumIsTheSumOfTheItemsAndARejectedPutDoesNotChangeIt() throws Exception {
    WriteBatch b = new WriteBatch();
    KeyValue put = KeyValue.put(new byte[] {'k'}, 5, new byte[] {'v'});
    KeyValue del = KeyValue.del(new byte[] {'k'}, 6);
    b.add(put).add(del);
    assertEquals(new Setsum().insert(put).insert(del), b.setsum());
    // Unlike Rust (FORMAT.md §4.1), a rejected item leaves the setsum alone.
    assertThrows(SstException.class, () -> b.put(new byte[] {'x'}, 1, new byte[40000]));
    assertEquals(new Setsum().insert(put).insert(del), b.setsum());
    b.setsum().insert(new byte[] {1});
    assertEquals(new Setsum().insert(put).insert(del), b.setsum(), "setsum() is a copy");
  }

  @Test
  void mergeUpToExactlyOneMebibyteConcatenatesAndAddsSetsums() throws Exception {
    LogGen gen = LogGen.itemsOnly(3);
    WriteBatch a = LogGen.batch(gen.itemsOfSize(B - 100));
    WriteBatch b = LogGen.batch(gen.itemsOfSize(100));
    Setsum sum = a.setsum().plus(b.setsum());
    int count = a.count() + b.count();
    assertTrue(a.canMerge(b));
    a.merge(b);
    assertEquals(B, a.sizeInBytes());
    assertEquals(count, a.count());
    assertEquals(sum, a.setsum());
    assertEquals(100, b.sizeInBytes(), "the merged batch is left alone");

    WriteBatch c = LogGen.batch(gen.itemsOfSize(B - 100));
    WriteBatch d = LogGen.batch(gen.itemsOfSize(101));
    assertFalse(c.canMerge(d));
    assertUnchangedAfter(
        c, ErrorCode.TABLE_FULL, String.valueOf(B + 1), String.valueOf(B), () -> c.merge(d));
    c.merge(new WriteBatch());
    assertEquals(B - 100, c.sizeInBytes());
  }

  @Test
  void mergedBatchWritesTheSameBytesAsOneBatchOfAllItems() throws Exception {
    LogGen gen = LogGen.itemsOnly(4);
    List<KeyValue> x = gen.itemsOfSize(500);
    List<KeyValue> y = gen.itemsOfSize(700);
    WriteBatch merged = LogGen.batch(x).merge(LogGen.batch(y));
    WriteBatch whole = LogGen.batch(x);
    for (KeyValue kv : y) {
      whole.add(kv);
    }
    assertEquals(whole.sizeInBytes(), merged.sizeInBytes());
    assertTrue(
        Arrays.equals(
            Arrays.copyOf(whole.bytes(), whole.sizeInBytes()),
            Arrays.copyOf(merged.bytes(), merged.sizeInBytes())));
    assertEquals(whole.setsum(), merged.setsum());
  }

  @Test
  void clearEmptiesTheBatch() throws Exception {
    WriteBatch b = new WriteBatch().put(new byte[] {1}, 1, new byte[] {2});
    assertFalse(b.isEmpty());
    b.clear();
    assertTrue(b.isEmpty());
    assertEquals(0, b.count());
    assertEquals(0, b.sizeInBytes());
    assertTrue(b.setsum().isEmpty());
  }

  /** {@code action} fails with {@code code} (fields length/size and limit) and changes nothing. */
  private static void assertUnchangedAfter(
      WriteBatch b, ErrorCode code, String size, String limit, Executable action) {
    int bytes = b.sizeInBytes();
    int count = b.count();
    Setsum setsum = b.setsum();
    byte[] content = Arrays.copyOf(b.bytes(), bytes);
    SstException e = assertThrows(SstException.class, action);
    assertEquals(code, e.code());
    String sizeField = code == ErrorCode.TABLE_FULL ? "size" : "length";
    assertEquals(size, e.fields().get(sizeField), e.getMessage());
    assertEquals(limit, e.fields().get("limit"), e.getMessage());
    assertEquals(bytes, b.sizeInBytes());
    assertEquals(count, b.count());
    assertEquals(setsum, b.setsum());
    assertTrue(Arrays.equals(content, Arrays.copyOf(b.bytes(), bytes)));
  }
}
