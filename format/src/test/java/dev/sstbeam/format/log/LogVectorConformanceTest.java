package dev.sstbeam.format.log;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.num;
import static dev.sstbeam.format.testsupport.Vectors.str;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vectors/log/*.log, written by the Rust crate, reads back with the vector's record count,
 * listing hash, records, dump and setsum; and writing the same items grouped as the vector's
 * {@code batches} reproduces the file byte for byte, with the same sealed setsum.
 */
class LogVectorConformanceTest {
  static List<String> logs() {
    return Vectors.logNames();
  }

  private static Path log(String name) {
    return Vectors.file("log", name + ".log");
  }

  private static Map<String, Object> json(String name) {
    return Vectors.json(Vectors.file("log", name + ".log.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void readsBackTheVectorsRecordsListingHashAndSetsum(String name) throws Exception {
    Map<String, Object> v = json(name);
    Path path = log(name);
    assertEquals(num(v, "file_size"), Files.size(path));

    Reads.Outcome out = Reads.readAll(path);
    assertNull(out.error, () -> "reading " + name + " failed: " + out.error);
    assertEquals(num(v, "record_count"), out.items.size());
    assertEquals(str(v, "records_sha256"), Reads.sha256(Reads.listing(out.items)));
    if (v.containsKey("records")) {
      List<String> records = list(v, "records");
      assertEquals(records, out.lines());
    } else {
      assertTrue(out.items.size() >= 200, "records are left out only for 200 or more");
    }
    Setsum s = new Setsum();
    for (KeyValue kv : out.items) {
      s.insert(kv);
    }
    assertEquals(str(v, "setsum"), s.hexDigest());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void recordsGroupItemsExactlyAsTheVectorsBatches(String name) throws Exception {
    Map<String, Object> v = json(name);
    Reads.Outcome out = Reads.readAll(log(name));
    List<Long> sizes = new ArrayList<>();
    long lastStart = -1;
    long lastEnd = -1;
    for (int i = 0; i < out.items.size(); i++) {
      long start = out.recordStarts.get(i);
      if (start != lastStart) {
        assertTrue(start >= lastEnd, "records must not overlap");
        assertTrue(out.recordEnds.get(i) > start);
        sizes.add(1L);
        lastStart = start;
        lastEnd = out.recordEnds.get(i);
      } else {
        assertEquals(lastEnd, out.recordEnds.get(i));
        sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
      }
    }
    List<Long> batches = list(v, "batches");
    assertEquals(batches, sizes);
    assertEquals(num(v, "blocks"), LogRanges.blockCount(Files.size(log(name))));
    assertEquals(num(v, "blocks"), LogRanges.plan(log(name)).blocks());
    if (!out.items.isEmpty()) {
      assertEquals(Files.size(log(name)), lastEnd, "the last record ends the file");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void dumpMatchesLogDumpOutput(String name) throws Exception {
    Path dump = Vectors.file("log", name + ".log.dump.txt");
    if (!Files.exists(dump)) {
      assertTrue(num(json(name), "record_count") >= 200, "a dump exists below 200 records");
      return;
    }
    Reads.Outcome out = Reads.readAll(log(name));
    StringBuilder sb = new StringBuilder();
    for (KeyValue kv : out.items) {
      sb.append(Reads.dumpLine(kv)).append('\n');
    }
    assertEquals(new String(Files.readAllBytes(dump), StandardCharsets.UTF_8), sb.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void rewritingTheBatchesReproducesTheFileByteForByteAndTheSealedSetsum(
      String name, @TempDir Path dir) throws Exception {
    Path copy = dir.resolve(name + ".log");
    rewrite(name, copy, LogWriter.create(copy));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void rewritingWithWriteBehindThroughASmallBufferReproducesTheFile(
      String name, @TempDir Path dir) throws Exception {
    Path copy = dir.resolve(name + ".log");
    rewrite(name, copy, LogWriter.create(copy, LogOptions.DEFAULT.withWriteBuffer(4096)).writeBehind());
  }

  private static void rewrite(String name, Path copy, LogWriter w) throws Exception {
    Map<String, Object> v = json(name);
    List<KeyValue> items = Reads.readAll(log(name)).items;
    List<Long> batches = list(v, "batches");
    int next = 0;
    for (long n : batches) {
      WriteBatch b = new WriteBatch();
      for (int i = 0; i < n; i++) {
        b.add(items.get(next++));
      }
      assertEquals(n, b.count());
      w.append(b);
    }
    assertEquals(items.size(), next);
    assertEquals(num(v, "file_size"), w.approximateSize());
    Setsum sealed = w.seal();
    assertEquals(str(v, "setsum"), sealed.hexDigest());
    assertEquals(-1L, Files.mismatch(log(name), copy), "rewritten bytes differ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void parallelChecksumEqualsTheVectorSetsum(String name) throws Exception {
    Map<String, Object> v = json(name);
    LogChecksum c = LogChecksum.of(log(name), 2);
    assertEquals(str(v, "setsum"), c.setsum().hexDigest());
    assertEquals(num(v, "record_count"), c.records());
  }
}
