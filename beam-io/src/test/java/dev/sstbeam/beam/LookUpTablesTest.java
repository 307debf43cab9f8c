package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups in a table set of several tables, by {@link TableLookups} and by {@link SstIO#lookup()}:
 * each answer is the model's (the newest version at or below the timestamp, a tombstone meaning
 * absent) for keys at, between and around their versions, keys in the gaps between tables and
 * outside every table; the coders round-trip.
 */
@ExtendWith(TestPipelineExtension.class)
class LookUpTablesTest {
  @TempDir static Path dir;
  private static List<KeyValue> records;
  private static List<LookupRequest> requests;

  @BeforeAll
  static void tables() {
    records = TestRecords.generate(41, 4000, 600, 200);
    TestRecords.runPipeline(p -> p.apply(Create.of(records).withCoder(KeyValueCoder.of()))
        .apply(SstIO.write().to(dir.toString()).withNumPartitions(3).withTargetFileSize(16 << 10)));
    Random r = new Random(42);
    requests = new ArrayList<>();
    for (KeyValue kv : records) {
      switch (r.nextInt(5)) {
        case 0 -> requests.add(LookupRequest.of(kv.key(), kv.timestamp()));
        case 1 -> requests.add(LookupRequest.of(kv.key(), kv.timestamp() - 1));
        case 2 -> requests.add(LookupRequest.latest(kv.key()));
        case 3 -> requests.add(LookupRequest.of(kv.key(), 0));
        default -> requests.add(LookupRequest.latest(
            (new String(kv.key(), StandardCharsets.US_ASCII) + "x").getBytes(StandardCharsets.US_ASCII)));
      }
    }
    requests.add(LookupRequest.latest(new byte[0]));
    requests.add(LookupRequest.latest("zzz".getBytes(StandardCharsets.US_ASCII)));
    requests.add(LookupRequest.latest("key".getBytes(StandardCharsets.US_ASCII)));
  }

  /** The model: the newest version at or below the timestamp; a tombstone is absent. */
  private static LookupResult model(LookupRequest q) {
    TreeMap<Long, KeyValue> versions = new TreeMap<>(Long::compareUnsigned);
    for (KeyValue kv : records) {
      if (Arrays.equals(kv.key(), q.key())) {
        versions.put(kv.timestamp(), kv);
      }
    }
    var v = versions.floorEntry(q.timestamp());
    return v == null || v.getValue().isTombstone()
        ? LookupResult.absent(q)
        : LookupResult.found(q, v.getKey(), v.getValue().value());
  }

  @Test
  void tableLookupsAnswerAsTheModelInRequestOrder() throws Exception {
    TableLookups lookups = TableLookups.open(dir.toString());
    assertTrue(lookups.tables() >= 4, "tables: " + lookups.tables());
    List<LookupResult> results = lookups.lookUp(requests);
    assertEquals(requests.size(), results.size());
    int found = 0;
    for (int i = 0; i < requests.size(); i++) {
      assertEquals(model(requests.get(i)), results.get(i), requests.get(i).toString());
      found += results.get(i).isFound() ? 1 : 0;
    }
    assertTrue(found > requests.size() / 4 && found < requests.size() * 3 / 4, "found " + found);
  }

  @Test
  void keysOutsideEveryTableRangeGoToNoTable() throws Exception {
    TableLookups lookups = TableLookups.open(dir.resolve(SstManifest.FILE_NAME).toString());
    SstManifest m = SstManifest.readFromDirectory(dir.toString());
    assertEquals(-1, lookups.tableOf(new byte[0]));
    assertEquals(-1, lookups.tableOf("zzz".getBytes(StandardCharsets.US_ASCII)));
    for (int i = 0; i < m.tables.size(); i++) {
      byte[] first = HexFormat.of().parseHex(m.tables.get(i).firstKey);
      byte[] last = HexFormat.of().parseHex(m.tables.get(i).lastKey);
      assertEquals(i, lookups.tableOf(first));
      assertEquals(i, lookups.tableOf(last));
      byte[] past = Arrays.copyOf(last, last.length + 1);
      int next = i + 1 < m.tables.size() && Arrays.equals(
          HexFormat.of().parseHex(m.tables.get(i + 1).firstKey), past) ? i + 1 : -1;
      assertEquals(next, lookups.tableOf(past), "just past table " + i);
    }
  }

  @Test
  void theTransformAnswersEveryRequestOnce(TestPipeline p) {
    List<String> expected = new ArrayList<>();
    for (LookupRequest q : requests) {
      expected.add(model(q).toString() + " " + Arrays.toString(model(q).value()));
    }
    expected.sort(null);
    PCollection<LookupResult> results =
        p.apply(Create.of(requests)).apply(SstIO.lookup().in(dir.toString()).withBatchSize(500));
    PAssert.that(results).satisfies(rs -> {
      List<String> got = new ArrayList<>();
      rs.forEach(r -> got.add(r + " " + Arrays.toString(r.value())));
      got.sort(null);
      assertEquals(expected, got);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void codersRoundTripAndAreDeterministic() throws Exception {
    Coder<LookupRequest> req = LookupRequestCoder.of();
    Coder<LookupResult> res = LookupResultCoder.of();
    LookupRequest q = LookupRequest.of(new byte[] {0, 1, (byte) 0xff}, -2L);
    CoderProperties.coderDecodeEncodeEqual(req, q);
    CoderProperties.coderDecodeEncodeEqual(req, LookupRequest.latest(new byte[0]));
    CoderProperties.coderDecodeEncodeEqual(res, LookupResult.absent(q));
    CoderProperties.coderDecodeEncodeEqual(res, LookupResult.found(q, 7, new byte[0]));
    CoderProperties.coderDecodeEncodeEqual(res, LookupResult.found(q, -1L, new byte[] {9, 8}));
    CoderProperties.coderDeterministic(res, LookupResult.found(q, 7, new byte[] {1}),
        LookupResult.found(LookupRequest.of(q.key().clone(), -2L), 7, new byte[] {1}));
    req.verifyDeterministic();
    res.verifyDeterministic();
  }
}
