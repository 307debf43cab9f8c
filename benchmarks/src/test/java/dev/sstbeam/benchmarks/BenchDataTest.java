package dev.sstbeam.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator against DATA.md's examples and the canonical listing of the first 40 records. */
class BenchDataTest {
  /** The Rust generator's listing of the first 40 records (../shared/bench, copied to testdata). */
  private static Path first40Listing() {
    return Path.of(System.getProperty("sst.testdata.dir", "../testdata"), "bench/first40.listing.txt");
  }

  @Test
  void firstBatchesMatchDataMd() {
    BenchData data = new BenchData();
    List<KeyValue> items = new ArrayList<>();
    int[] sizes = new int[6];
    for (int b = 0; b < sizes.length; b++) {
      int before = items.size();
      sizes[b] = data.nextBatch(items);
      assertEquals(sizes[b], items.size() - before);
    }
    assertEquals(List.of(8, 6, 3, 15, 3, 15), List.of(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5]));
    assertEquals("user/538226379880/0", new String(items.get(0).key(), StandardCharsets.US_ASCII));
    assertEquals(1, items.get(0).timestamp());
    assertTrue(!items.get(0).isTombstone());
    for (int i = 0; i < 5; i++) {
      assertTrue(!items.get(i).isTombstone(), "record " + i);
    }
    assertTrue(items.get(5).isTombstone());
    assertEquals(6, items.get(5).timestamp());
  }

  @Test
  void first40MatchCanonicalListing() throws Exception {
    Path listing = first40Listing();
    List<String> expected = Files.readAllLines(listing, StandardCharsets.US_ASCII);
    expected.removeIf(String::isBlank);
    assertEquals(40, expected.size());
    BenchData data = new BenchData();
    List<KeyValue> items = new ArrayList<>();
    while (items.size() < 40) {
      data.nextBatch(items);
    }
    for (int i = 0; i < 40; i++) {
      assertEquals(expected.get(i), items.get(i).toListingLine(), "record " + i);
    }
  }

  @Test
  void truncatedDataSetStopsExactly() {
    BenchData data = new BenchData(10);
    List<KeyValue> items = new ArrayList<>();
    while (data.nextBatch(items) > 0) {}
    assertEquals(10, items.size());
    assertEquals(10, data.generated());
  }
}
