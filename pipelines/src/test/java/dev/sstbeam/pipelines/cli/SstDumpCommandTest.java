package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SstDumpCommandTest {
  static Stream<Path> tables() {
    return SstVectors.tables().stream();
  }

  static Stream<Path> badTables() {
    return SstVectors.badTables().stream();
  }

  /**
   * Without tombstones our dump is the Rust sst-dump byte for byte. With tombstones the Rust tool
   * stops at the first one; ours prints every item, so the Rust dump is a prefix of ours and ours
   * is the whole listing.
   */
  @ParameterizedTest
  @MethodSource("tables")
  void dumpIsTheRustDumpAndEveryItem(Path table) {
    String ours = Cli.run("sst-dump", table.toString()).ok().out;
    Map<String, Object> json = SstVectors.json(table);
    assertEquals(Long.parseLong((String) json.get("record_count")), ours.lines().count(), "items");
    List<KeyValue> records = SstVectors.records(table);
    if (records == null) {
      return; // 200 records or more: no dump and no listing in the vectors
    }
    assertEquals(SstVectors.dump(records), ours, "every item, in table order");
    if (SstVectors.hasDump(table)) {
      String rust = SstVectors.rustDump(table);
      if (records.stream().noneMatch(KeyValue::isTombstone)) {
        assertEquals(rust, ours, "no tombstones: the Rust dump exactly");
      } else {
        assertTrue(ours.startsWith(rust), "the Rust dump stops at the first tombstone");
        int first = 0;
        while (!records.get(first).isTombstone()) {
          first++;
        }
        assertEquals(SstVectors.dump(records.subList(0, first)), rust);
      }
    }
  }

  @Test
  void theVectorsHaveTablesWithAndWithoutTombstonesAndDumps() {
    long exact = tables().filter(SstVectors::hasDump)
        .filter(t -> SstVectors.records(t).stream().noneMatch(KeyValue::isTombstone)).count();
    // The core set has one, one.default, bloom_default/bits4/bits1 without tombstones.
    assertTrue(exact >= (Vectors.full() ? 6 : 5), "tables whose dump must match exactly: " + exact);
  }

  @Test
  void severalTablesAreDumpedOneAfterTheOther() {
    Path one = Vectors.file("sst", "one.sst");
    Path bloom = Vectors.file("sst", "bloom_bits1.sst");
    assertEquals(SstVectors.rustDump(one) + SstVectors.rustDump(bloom),
        Cli.run("sst-dump", one.toString(), bloom.toString()).ok().out);
  }

  /**
   * Every corrupt table fails with the Rust error code, on one line naming the file, after
   * printing nothing (the Rust tool printed nothing either). Two exceptions, both decisions: the
   * empty table reads as empty, and the table whose final-block setsum was flipped (no CRC covers
   * it) dumps fine, as in Rust.
   */
  @ParameterizedTest
  @MethodSource("badTables")
  void corruptTablesFailWithTheRustErrorCode(Path table) {
    Map<String, Object> v = SstVectors.badJson(table);
    Map<String, Object> expect = Json.object(v.get("expect"));
    Cli.Result r = Cli.run("sst-dump", table.toString());
    String name = table.getFileName().toString();
    if (name.equals("sst_empty_table.sst")) {
      assertEquals("", r.ok().out);
    } else if (name.equals("sst_final_block_setsum_flipped.sst")) {
      assertEquals("0", expect.get("exit_status"));
      assertTrue(r.ok().out.startsWith((String) v.get("stdout")));
      assertEquals(Cli.run("sst-dump", Vectors.file("sst", "small.sst").toString()).out,
          r.out);
    } else {
      assertEquals("", r.out);
      r.failsWith("sst-dump", (String) expect.get("error_code"));
      assertTrue(r.err.endsWith(" in " + table + "\n"), "names the file: " + r.err);
    }
  }

  @Test
  void aMissingTableIsOneErrorLine() {
    Cli.run("sst-dump", "no/such.sst").failsWith("sst-dump", "system-error (kind NotFound)");
    Cli.run("sst-dump").failsWith("sst-dump", "SST");
  }
}
