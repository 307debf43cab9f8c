package dev.sstbeam.format.table;

import static dev.sstbeam.format.testsupport.Vectors.num;
import static dev.sstbeam.format.testsupport.Vectors.obj;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vectors/bad/sst_*.sst: opening the table and scanning every item fails with the code the
 * Rust {@code sst-dump} failed with, and the same numeric fields. Two cases are decisions, not
 * failures: the empty table reads as empty (Rust rejects it), and the table whose final-block
 * setsum was flipped reads correctly (no CRC covers that setsum) while a recomputation of the
 * setsum exposes the flip.
 */
class BadSstVectorTest {
  /** The error fields whose values are numbers a compatible reader must reproduce. */
  private static final List<String> NUMERIC_FIELDS = List.of("start", "end", "crc32c",
      "file_size", "limit", "final_block_offset", "filter_block_limit", "offset",
      "restarts_boundary");

  static List<String> badTables() {
    return Vectors.files("bad", "sst_", ".sst").stream()
        .map(p -> p.getFileName().toString().replaceFirst("\\.sst$", ""))
        .collect(Collectors.toList());
  }

  private static Path table(String name) {
    return Vectors.file("bad", name + ".sst");
  }

  private static Map<String, Object> json(String name) {
    return Vectors.json(Vectors.file("bad", name + ".json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTables")
  void openAndScanFailWithTheRustErrorCodeAndFields(String name) throws Exception {
    Map<String, Object> v = json(name);
    Map<String, Object> expect = obj(v, "expect");
    assertEquals(num(v, "file_size"), Files.size(table(name)));
    if (name.equals("sst_empty_table") || name.equals("sst_final_block_setsum_flipped")) {
      return; // decisions, tested below
    }
    assertEquals(134, num(expect, "exit_status"));
    SstException e = null;
    try (Sst sst = Sst.open(table(name))) {
      SstVectorConformanceTest.scanForward(sst);
    } catch (SstException thrown) {
      e = thrown;
    }
    assertNotNull(e, "expected " + str(expect, "error_code"));
    if (!str(expect, "error_code").equals(e.code().code())) {
      fail("expected " + str(expect, "error_code") + " but got " + e.getMessage(), e);
    }
    Map<String, Object> fields = obj(expect, "error_fields");
    SstException error = e;
    for (String f : NUMERIC_FIELDS) {
      if (fields.containsKey(f)) {
        assertEquals(fields.get(f), error.fields().get(f), () -> "field " + f + " of " + error);
      }
    }
    assertEquals(table(name).toString(), e.file(), "the error names the file");
  }

  /** Rust: corruption-offset-exceeds-restarts-boundary. Our decision: an empty table. */
  @Test
  void theEmptyTableReadsAsEmpty() throws Exception {
    assertEquals("corruption-offset-exceeds-restarts-boundary",
        str(obj(json("sst_empty_table"), "expect"), "error_code"));
    try (Sst sst = Sst.open(table("sst_empty_table"))) {
      assertEquals(List.of(), SstVectorConformanceTest.scanForward(sst));
      assertEquals(List.of(), SstVectorConformanceTest.scanBackward(sst));
      assertTrue(sst.fastSetsum().isEmpty());
      assertEquals(0, sst.metadata().firstKey().length);
    }
  }

  /**
   * The flipped footer setsum: the items are small.sst's, the stored setsum is what Rust's
   * {@code sst-checksum --fast} printed, and the recomputed one what {@code sst-checksum} printed.
   */
  @Test
  void aFlippedFooterSetsumIsCaughtOnlyByRecomputing() throws Exception {
    Map<String, Object> v = json("sst_final_block_setsum_flipped");
    String scan = str(obj(v, "sst_checksum"), "stdout").substring(0, 64);
    String fast = str(obj(v, "sst_checksum_fast"), "stdout").substring(0, 64);
    assertNotEquals(scan, fast);
    List<KeyValue> good;
    try (Sst sst = Sst.open(Vectors.file("sst", "small.sst"))) {
      good = SstVectorConformanceTest.scanForward(sst);
    }
    try (Sst sst = Sst.open(table("sst_final_block_setsum_flipped"))) {
      assertEquals(good, SstVectorConformanceTest.scanForward(sst));
      assertEquals(fast, sst.fastSetsum().hexDigest());
      assertEquals(fast, sst.metadata().setsum().hexDigest());
      assertEquals(scan, SstChecksum.of(sst, 2).setsum().hexDigest());
    }
  }
}
