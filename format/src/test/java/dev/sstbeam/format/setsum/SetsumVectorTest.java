package dev.sstbeam.format.setsum;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static dev.sstbeam.format.testsupport.Vectors.unhex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** vectors/setsum/setsum.json, and the worked values of FORMAT.md §7.2 and §7.3. */
class SetsumVectorTest {
  private static final String ZERO = "0".repeat(64);

  private static Map<String, Object> vectors() {
    return Vectors.json(Vectors.file("setsum", "setsum.json"));
  }

  static Stream<Arguments> cases() {
    List<Map<String, Object>> cases = list(vectors(), "cases");
    return cases.stream().map(c -> Arguments.of(str(c, "name"), c));
  }

  static Stream<Arguments> merges() {
    List<Map<String, Object>> merges = list(vectors(), "merges");
    return merges.stream()
        .map(m -> Arguments.of(str(m, "lhs") + " " + str(m, "op") + " " + str(m, "rhs"), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caseDigestMatchesInsertingThenRemovingItsItems(String name, Map<String, Object> c) {
    Setsum s = new Setsum();
    List<String> insert = list(c, "insert");
    List<String> remove = list(c, "remove");
    for (String item : insert) {
      s.insert(unhex(item));
    }
    for (String item : remove) {
      s.remove(unhex(item));
    }
    assertEquals(str(c, "digest"), s.hexDigest());

    // The same multiset built from one-item setsums with add/subtract, in reverse order.
    Setsum t = new Setsum();
    for (int i = remove.size() - 1; i >= 0; i--) {
      t.subtract(Setsum.ofItem(unhex(remove.get(i))));
    }
    for (int i = insert.size() - 1; i >= 0; i--) {
      t.add(Setsum.ofItem(unhex(insert.get(i))));
    }
    assertEquals(str(c, "digest"), t.hexDigest());
    assertEquals(s, Setsum.fromHexDigest(str(c, "digest")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("merges")
  void mergeDigestMatchesPlusOrMinusOfTheTwoDigests(String name, Map<String, Object> m) {
    Map<String, String> digests = new HashMap<>();
    List<Map<String, Object>> cases = list(vectors(), "cases");
    for (Map<String, Object> c : cases) {
      digests.put(str(c, "name"), str(c, "digest"));
    }
    assertEquals(digests.get(str(m, "lhs")), str(m, "lhs_digest"));
    assertEquals(digests.get(str(m, "rhs")), str(m, "rhs_digest"));
    Setsum lhs = Setsum.fromHexDigest(str(m, "lhs_digest"));
    Setsum rhs = Setsum.fromHexDigest(str(m, "rhs_digest"));
    String op = str(m, "op");
    Setsum result;
    if (op.equals("+")) {
      result = lhs.plus(rhs);
      assertEquals(str(m, "digest"), lhs.copy().add(rhs).hexDigest());
    } else {
      assertEquals("-", op);
      result = lhs.minus(rhs);
      assertEquals(str(m, "digest"), lhs.copy().subtract(rhs).hexDigest());
      assertEquals(str(m, "digest"), lhs.plus(rhs.inverse()).hexDigest());
    }
    assertEquals(str(m, "digest"), result.hexDigest());
    assertEquals(str(m, "lhs_digest"), lhs.hexDigest(), "plus/minus must not change the operand");
  }

  @Test
  void sstItemCasesAreThePutAndDelItemEncodings() {
    Map<String, String> digests = new HashMap<>();
    List<Map<String, Object>> cases = list(vectors(), "cases");
    for (Map<String, Object> c : cases) {
      digests.put(str(c, "name"), str(c, "digest"));
    }
    byte[] key = "key".getBytes(StandardCharsets.US_ASCII);
    byte[] value = "value".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        digests.get("sst_put_key_ts1_value"), new Setsum().insertPut(key, 1, value).hexDigest());
    assertEquals(digests.get("sst_del_key_ts1"), new Setsum().insertDel(key, 1).hexDigest());
    assertEquals(
        digests.get("sst_put_key_ts1_value"),
        new Setsum().insert(KeyValue.put(key, 1, value)).hexDigest());
    assertEquals(
        digests.get("sst_del_key_ts1"), new Setsum().insert(KeyValue.del(key, 1)).hexDigest());
  }

  // ---- §7.2 ----------------------------------------------------------------------------------------

  @Test
  void itemStateOfTheEmptyItemIsTheSection7_2Columns() {
    int[] expected = {
      0xf8c6ffa7, 0x66d71ebf, 0x5647c151, 0x62d661a0, 0x4dff80f5, 0xfa493be4, 0x4b0ad882, 0x4a43f880
    };
    assertArrayEquals(expected, Setsum.ofItem(new byte[0]).columns());
  }

  @Test
  void sevenValuesInAnyOrderGiveTheSection7_2DigestAndRemovingThemGivesZero() {
    String[] names = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh"};
    List<byte[]> items = new ArrayList<>();
    for (String n : names) {
      items.add(("this is the " + n + " value").getBytes(StandardCharsets.US_ASCII));
    }
    String expected = "c5b3fd4d01f2b8040f54ab7412ca53bbfc990e272a40add1c4ceba6b2fe472d5";
    Random rnd = new Random(7);
    for (int round = 0; round < 20; round++) {
      Setsum s = new Setsum();
      for (byte[] item : items) {
        s.insert(item);
      }
      assertEquals(expected, s.hexDigest());
      Collections.shuffle(items, rnd);
      for (byte[] item : items) {
        s.remove(item);
      }
      assertEquals(ZERO, s.hexDigest());
      assertTrue(s.isEmpty());
      Collections.shuffle(items, rnd);
    }
  }

  @Test
  void inverseIsPrimeMinusColumnAsInSection7_2() {
    Setsum s =
        Setsum.fromColumns(
            new int[] {
              0xffffeeee, 0xddddcccc, 0xbbbbaaaa, 0x99998888, 0x77776666, 0x66665555, 0x44443333,
              0x22221111
            });
    long[] expected = {
      4365L, 572666659L, 1145328917L, 1717991189L, 2290653487L, 2576984612L, 3149646900L,
      3722309174L
    };
    int[] got = s.inverse().columns();
    for (int i = 0; i < 8; i++) {
      assertEquals(expected[i], got[i] & 0xffffffffL, "column " + i);
    }
    assertTrue(s.plus(s.inverse()).isEmpty());
  }

  @Test
  void columnsSummingToExactlyThePrimesAddToZero() {
    Setsum a =
        Setsum.fromColumns(
            unsigned(3146800025L, 1792545563L, 417324692L, 3444237760L, 2812742746L, 1608771649L,
                1661742866L, 3220115897L));
    Setsum b =
        Setsum.fromColumns(
            unsigned(1148167266L, 2502421716L, 3877642539L, 850729437L, 1482224443L, 2686195512L,
                2633224277L, 1074851214L));
    assertEquals(ZERO, a.plus(b).hexDigest());
    assertEquals(ZERO, b.plus(a).hexDigest());
  }

  @Test
  void inverseOfZeroHoldsThePrimesAndAddReducesThem() {
    int[] inv = new Setsum().inverse().columns();
    long[] primes = {
      0xfffffffbL, 0xffffffefL, 0xffffffbfL, 0xffffff9dL, 0xffffff95L, 0xffffff79L, 0xffffff67L,
      0xffffff47L
    };
    for (int i = 0; i < 8; i++) {
      assertEquals(primes[i], inv[i] & 0xffffffffL);
    }
    assertEquals(ZERO, new Setsum().plus(new Setsum().inverse()).hexDigest());
  }

  @Test
  void fromDigestKeepsUnreducedColumnsAndAddSubtractsOnceThenTruncates() {
    // Column 0 = ffffffff (≥ P0 = fffffffb) is kept as is by from_digest.
    Setsum big = Setsum.fromHexDigest("ffffffff" + "0".repeat(56));
    assertEquals(0xffffffff, big.columns()[0]);
    assertEquals("ffffffff" + "0".repeat(56), big.hexDigest());
    // ffffffff + ffffffff = 1_fffffffe ≥ P0 → 1_00000003 → low 32 bits 3.
    assertEquals(3, big.plus(big).columns()[0]);
    // ffffffff + 0 = ffffffff ≥ P0 → 4.
    assertEquals(4, big.plus(new Setsum()).columns()[0]);
  }

  @Test
  void hexDigestIsLowercaseAndParsingAcceptsUpperCaseAndRejectsOtherLengths() {
    Setsum s = new Setsum().insert(new byte[] {1, 2, 3});
    String hex = s.hexDigest();
    assertEquals(hex.toLowerCase(), hex);
    assertEquals(s, Setsum.fromHexDigest(hex.toUpperCase()));
    assertArrayEquals(s.digest(), Setsum.fromDigest(s.digest()).digest());
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromHexDigest(hex.substring(2)));
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromHexDigest(hex + "00"));
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromHexDigest("g" + hex.substring(1)));
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromDigest(new byte[31]));
  }

  @Test
  void fromHexDigestAcceptsOnlyAsciiHexDigits() {
    // Rust's from_hexdigest parses pairs with u8::from_str_radix, which knows ASCII digits only;
    // Java's Character.digit would also take e.g. fullwidth or Arabic-Indic digits.
    String fullwidth = "\uff10".repeat(64);
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromHexDigest(fullwidth));
    String fullwidthA = "\uff41" + "0".repeat(63);
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromHexDigest(fullwidthA));
    String arabicIndic = "\u0661" + "0".repeat(63);
    assertThrows(IllegalArgumentException.class, () -> Setsum.fromHexDigest(arabicIndic));
    assertEquals(ZERO, Setsum.fromHexDigest("0".repeat(64)).hexDigest());
    assertEquals("ab".repeat(32), Setsum.fromHexDigest("aB".repeat(32)).hexDigest());
  }

  // ---- §7.3 ----------------------------------------------------------------------------------------

  private static final byte[] A = {'A'};

  @Test
  void putA5aHashesItsItemBytesAndEqualsTheSection7_3Values() {
    String hash = "028b91fc0ffb4b6b7e4c03e323f03fc069c58c96a3877f2baf9ba0a040ae1426";
    Setsum put = new Setsum().insertPut(A, 5, new byte[] {'a'});
    assertEquals(hash, put.hexDigest());
    assertEquals(hash, Setsum.ofItem(unhex("0841050000000000000061")).hexDigest());
    assertArrayEquals(
        new int[] {
          0xfc918b02, 0x6b4bfb0f, 0xe3034c7e, 0xc03ff023, 0x968cc569, 0x2b7f87a3, 0xa0a09baf,
          0x2614ae40
        },
        put.columns());
  }

  @Test
  void tombstoneA3AndTheSumsOfSection7_3() {
    Setsum del = new Setsum().insertDel(A, 3);
    assertEquals("354d3e2b7c943346b96c5115e99fcbcd8d5bf70f21402b0eb4e2a2e5962156ef", del.hexDigest());
    assertEquals(del, Setsum.ofItem(unhex("09410300000000000000")));

    Setsum sum = new Setsum().insertPut(A, 5, new byte[] {'a'}).insertDel(A, 3);
    assertEquals("3cd8cf278b8f7fb137b954f86f900b8ef62084a6c4c7aa39fc7e43868fd06a15", sum.hexDigest());
    assertEquals(0x27cfd83c, sum.columns()[0]);

    sum.insertPut(new byte[] {'B'}, 0, new byte[] {'b', 'b'});
    assertEquals("8ee1ccc6e4f6bef23ba738d5a38f185ef5d59047217b0a07e24892278cab74fb", sum.hexDigest());
  }

  @Test
  void itemsWithoutLengthPrefixesCollideByDesign() {
    Setsum a = new Setsum().insertPut(new byte[] {'a'}, 98, new byte[] {0});
    Setsum b = new Setsum().insertPut(new byte[] {'a', 'b'}, 0, new byte[0]);
    assertEquals(a, b);
    assertTrue(a.hexDigest().startsWith("7f26d7f7"), a.hexDigest());
    assertTrue(a.hexDigest().endsWith("4c8da325"), a.hexDigest());
    // A put and a tombstone of the same key and timestamp differ by the leading byte.
    assertNotEquals(
        new Setsum().insertPut(A, 1, new byte[0]), new Setsum().insertDel(A, 1));
  }

  @Test
  void removeOfAKeyValueUndoesItsInsert() {
    KeyValue put = KeyValue.put(A, -1L, new byte[] {1, 2});
    KeyValue del = KeyValue.del(new byte[0], 0);
    Setsum s = new Setsum().insert(put).insert(del);
    s.remove(put);
    assertEquals(new Setsum().insert(del), s);
    s.remove(del);
    assertTrue(s.isEmpty());
    // Removing first leaves a debt that a later insert cancels.
    assertTrue(new Setsum().remove(put).insert(put).isEmpty());
  }

  private static int[] unsigned(long... v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }
}
