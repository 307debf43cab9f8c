package dev.sstbeam.format.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external sorter against an in-memory model: the items sorted stably (so "first" is the
 * first added) and the duplicate policy applied to each run of equal (key, timestamp). Two
 * million small items, in random order with exact and conflicting duplicates, sorted within a
 * 16 MiB budget, must come out exactly as the model says, through many spilled runs.
 */
class ExternalSorterTest {
  private static final int TWO_MILLION = 2_000_000;
  private static final long BUDGET = 16L << 20;
  private static final byte[] ALPHABET = {0x00, 0x01, 0x61, 0x7f, (byte) 0x80, (byte) 0xff};

  @TempDir Path dir;

  /**
   * {@code unique} items with distinct (key, timestamp) — keys of 0–6 bytes over a small
   * alphabet, so most keys have many versions; timestamps unique, a fifth of them above 2^63 —
   * then {@code exact} copies of random items and {@code conflicting} items that repeat a random
   * item's key and timestamp with another value (or a tombstone for a value, or the reverse),
   * all shuffled. Values are 0–12 bytes, a tenth of the items tombstones.
   */
  static List<KeyValue> items(Random r, int unique, int exact, int conflicting) {
    List<KeyValue> out = new ArrayList<>(unique + exact + conflicting);
    for (int i = 0; i < unique; i++) {
      byte[] key = new byte[r.nextInt(7)];
      for (int j = 0; j < key.length; j++) {
        key[j] = ALPHABET[r.nextInt(ALPHABET.length)];
      }
      long ts = i % 5 == 0 ? -2L - i : i;
      out.add(KeyValue.of(key, ts, r.nextInt(10) == 0 ? null : value(r)));
    }
    for (int i = 0; i < exact; i++) {
      KeyValue kv = out.get(r.nextInt(unique));
      out.add(KeyValue.of(kv.key().clone(), kv.timestamp(),
          kv.value() == null ? null : kv.value().clone()));
    }
    for (int i = 0; i < conflicting; i++) {
      KeyValue kv = out.get(r.nextInt(unique));
      byte[] v;
      if (kv.value() == null) {
        v = value(r);
      } else if (r.nextInt(5) == 0) {
        v = null;
      } else {
        v = Arrays.copyOf(kv.value(), kv.value().length + 1);
        v[v.length - 1] = (byte) r.nextInt(256);
      }
      out.add(KeyValue.of(kv.key().clone(), kv.timestamp(), v));
    }
    Collections.shuffle(out, r);
    return out;
  }

  private static byte[] value(Random r) {
    byte[] v = new byte[r.nextInt(13)];
    r.nextBytes(v);
    return v;
  }

  /** The model: a stable sort, then the policy on each group of equal (key, timestamp). */
  static final class Model {
    final List<KeyValue> kept = new ArrayList<>();
    final Setsum droppedSetsum = new Setsum();
    long dropped;
    KeyValue firstConflict;

    Model(List<KeyValue> input, DuplicatePolicy policy) {
      List<KeyValue> sorted = new ArrayList<>(input);
      sorted.sort(KeyOrder.INSTANCE);
      KeyValue first = null;
      for (KeyValue kv : sorted) {
        if (first != null && first.compareTo(kv) == 0) {
          boolean exact = Arrays.equals(first.value(), kv.value());
          if (policy == DuplicatePolicy.FAIL || (!exact && policy == DuplicatePolicy.DROP_EXACT)) {
            if (firstConflict == null) {
              firstConflict = kv;
            }
          }
          dropped++;
          droppedSetsum.insert(kv);
        } else {
          kept.add(kv);
          first = kv;
        }
      }
    }
  }

  /** Sorts {@code input} and checks every item against the model, streaming. */
  private ExternalSorter sortAndCompare(List<KeyValue> input, DuplicatePolicy policy,
      long budget) throws SstException {
    return sortAndCompare(input, policy, budget, ExternalSorter.MERGE_WIDTH);
  }

  private ExternalSorter sortAndCompare(List<KeyValue> input, DuplicatePolicy policy,
      long budget, int mergeWidth) throws SstException {
    Model model = new Model(input, policy);
    assertNull(model.firstConflict, "the model expects a failure");
    ExternalSorter sorter = new ExternalSorter(dir.resolve("tmp"), budget, policy, mergeWidth);
    for (KeyValue kv : input) {
      sorter.add(kv);
    }
    assertEquals(input.size(), sorter.added());
    try (ExternalSorter.SortedItems sorted = sorter.sort()) {
      int i = 0;
      KeyValue kv;
      while ((kv = sorted.next()) != null) {
        KeyValue want = i < model.kept.size() ? model.kept.get(i) : null;
        if (!kv.equals(want)) {
          throw new AssertionError("item " + i + ": got " + kv + ", want " + want);
        }
        i++;
      }
      assertEquals(model.kept.size(), i, "items out");
      assertEquals(model.dropped, sorted.droppedCount(), "dropped");
      assertEquals(model.droppedSetsum, sorted.droppedSetsum(), "dropped setsum");
    }
    return sorter;
  }

  @Test
  void keepFirstOnTwoMillionItemsInSixteenMebibytes() throws Exception {
    List<KeyValue> input =
        items(new Random(0x50_0001L), TWO_MILLION - 200_000, 100_000, 100_000);
    try (ExternalSorter sorter = sortAndCompare(input, DuplicatePolicy.KEEP_FIRST, BUDGET)) {
      assertTrue(sorter.runs() > 1, "runs: " + sorter.runs());
    }
    assertEquals(List.of(), names(dir.resolve("tmp")), "runs are removed on close");
  }

  /** Half a million items (with exact duplicates only) in 4 MiB: a quarter of the time. */
  @Test
  void dropExactOnHalfAMillionItemsInFourMebibytes() throws Exception {
    List<KeyValue> input = items(new Random(0x50_0002L), 450_000, 50_000, 0);
    try (ExternalSorter sorter = sortAndCompare(input, DuplicatePolicy.DROP_EXACT, 4L << 20)) {
      assertTrue(sorter.runs() > 1, "runs: " + sorter.runs());
    }
    assertEquals(List.of(), names(dir.resolve("tmp")), "runs are removed on close");
  }

  /**
   * More runs than are merged at once: with a merge width of 3, the 25 or so runs go through
   * several passes of group merges (one group a single run) before the last merge. The answers,
   * the drop counts and their setsum are the model's, and every scratch file is removed.
   */
  @Test
  void mergingInSeveralPassesGivesTheSameAnswers() throws Exception {
    List<KeyValue> exactOnly = items(new Random(0x50_0009L), 450_000, 50_000, 0);
    try (ExternalSorter sorter = sortAndCompare(exactOnly, DuplicatePolicy.DROP_EXACT, 4L << 20, 3)) {
      assertTrue(sorter.runs() > 9, "runs: " + sorter.runs());
    }
    assertEquals(List.of(), names(dir.resolve("tmp")), "runs are removed on close");
    List<KeyValue> both = items(new Random(0x50_000aL), 200_000, 20_000, 20_000);
    try (ExternalSorter sorter = sortAndCompare(both, DuplicatePolicy.KEEP_FIRST, 1L << 20, 2)) {
      assertTrue(sorter.runs() > 4, "runs: " + sorter.runs());
    }
    assertEquals(List.of(), names(dir.resolve("tmp")), "runs are removed on close");
  }

  /** Without spilling (everything fits) the answers are the same. */
  @Test
  void inMemoryGivesTheSameAnswers() throws Exception {
    List<KeyValue> exactOnly = items(new Random(0x50_0003L), 50_000, 5_000, 0);
    try (ExternalSorter sorter = sortAndCompare(exactOnly, DuplicatePolicy.DROP_EXACT, BUDGET)) {
      assertEquals(0, sorter.runs());
    }
    List<KeyValue> both = items(new Random(0x50_0004L), 50_000, 5_000, 5_000);
    try (ExternalSorter sorter = sortAndCompare(both, DuplicatePolicy.KEEP_FIRST, BUDGET)) {
      assertEquals(0, sorter.runs());
    }
  }

  /**
   * drop-exact fails on a conflicting duplicate and fail on any duplicate, as sort-order naming
   * a duplicated key and timestamp — whether the duplicate is found within a run or across runs.
   */
  @Test
  void refusedDuplicatesFailWithSortOrderNamingKeyAndTimestamp() throws Exception {
    for (long budget : new long[] {1L << 20, BUDGET}) {
      List<KeyValue> conflicts = items(new Random(0x50_0005L), 100_000, 1_000, 3);
      expectFailure(conflicts, DuplicatePolicy.DROP_EXACT, budget, "conflicting");
      List<KeyValue> exact = items(new Random(0x50_0006L), 100_000, 3, 0);
      expectFailure(exact, DuplicatePolicy.FAIL, budget, "exact");
    }
    // Across runs only: the two copies are spilled in different runs.
    List<KeyValue> apart = new ArrayList<>(items(new Random(0x50_0007L), 40_000, 0, 0));
    KeyValue twin = apart.get(0);
    apart.add(KeyValue.of(twin.key().clone(), twin.timestamp(), new byte[] {1, 2, 3, 4}));
    expectFailure(apart, DuplicatePolicy.DROP_EXACT, 1L << 20, "conflicting");
    // ... and when the runs are merged two at a time first.
    expectFailure(apart, DuplicatePolicy.DROP_EXACT, 1L << 20, 2, "conflicting");
  }

  private void expectFailure(List<KeyValue> input, DuplicatePolicy policy, long budget,
      String kind) throws IOException {
    expectFailure(input, policy, budget, ExternalSorter.MERGE_WIDTH, kind);
  }

  private void expectFailure(List<KeyValue> input, DuplicatePolicy policy, long budget,
      int mergeWidth, String kind) throws IOException {
    Set<String> duplicated = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (KeyValue kv : input) {
      String k = java.util.HexFormat.of().formatHex(kv.key()) + "@"
          + Long.toUnsignedString(kv.timestamp());
      if (!seen.add(k)) {
        duplicated.add(k);
      }
    }
    Path tmp = dir.resolve("fail-" + policy + "-" + budget + "-" + mergeWidth);
    SstException e = assertThrows(SstException.class, () -> {
      try (ExternalSorter sorter = new ExternalSorter(tmp, budget, policy, mergeWidth)) {
        for (KeyValue kv : input) {
          sorter.add(kv);
        }
        try (ExternalSorter.SortedItems sorted = sorter.sort()) {
          while (sorted.next() != null) {
            // drain
          }
        }
      }
    });
    assertEquals(ErrorCode.SORT_ORDER, e.code(), e.getMessage());
    assertEquals(kind, e.fields().get("duplicate"), e.getMessage());
    String key = e.fields().get("key");
    String hex = key.startsWith("0x") ? key.substring(2)
        : java.util.HexFormat.of().formatHex(key.substring(1, key.length() - 1).getBytes(
            java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(duplicated.contains(hex + "@" + e.fields().get("timestamp")),
        "names a duplicated key and timestamp: " + e.getMessage());
    assertEquals(List.of(), names(tmp), "runs are removed on close");
  }

  /** ("", u64::MAX), which no table can hold, is kept aside and served first. */
  @Test
  void theSmallestItemComesFirstAndItsDuplicatesFollowThePolicy() throws Exception {
    List<KeyValue> input = new ArrayList<>(items(new Random(0x50_0008L), 60_000, 0, 0));
    input.add(30_000, KeyValue.put(new byte[0], -1L, new byte[] {7}));
    input.add(KeyValue.put(new byte[0], -1L, new byte[] {7}));
    input.add(KeyValue.del(new byte[0], -1L));
    try (ExternalSorter sorter = sortAndCompare(input, DuplicatePolicy.KEEP_FIRST, 1L << 20)) {
      assertTrue(sorter.runs() > 1);
    }
  }

  @Test
  void budgetsBelowOneMebibyteAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new ExternalSorter(dir, (1L << 20) - 1, DuplicatePolicy.FAIL));
  }

  private static List<String> names(Path d) throws IOException {
    if (!Files.exists(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(
          java.util.stream.Collectors.toList());
    }
  }
}
