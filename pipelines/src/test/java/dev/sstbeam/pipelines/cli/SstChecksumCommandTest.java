package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SstChecksumCommandTest {
  static Stream<Path> tables() {
    return SstVectors.tables().stream();
  }

  static Stream<Path> badTables() {
    return SstVectors.badTables().stream();
  }

  /** The scan (on 1, 3 and the default number of threads) and --fast give the Rust setsums. */
  @ParameterizedTest
  @MethodSource("tables")
  void printsTheRustSetsumsAndThePathAsGiven(Path table) {
    Map<String, Object> json = SstVectors.json(table);
    String line = json.get("setsum") + " " + table + "\n";
    assertEquals(line, Cli.run("sst-checksum", table.toString()).ok().out);
    assertEquals(line, Cli.run("sst-checksum", "--threads", "1", table.toString()).ok().out);
    assertEquals(line, Cli.run("sst-checksum", "--threads", "3", table.toString()).ok().out);
    assertEquals(json.get("fast_setsum") + " " + table + "\n",
        Cli.run("sst-checksum", "--fast", table.toString()).ok().out);
  }

  /**
   * The setsum in the final block has no CRC: the scan recomputes the true one (Rust's
   * sst-checksum answer), --fast prints the flipped one (Rust's sst-checksum --fast answer).
   */
  @Test
  void theScanCatchesAFlippedFooterSetsumThatFastTrusts() {
    Path table = Vectors.bad("sst_final_block_setsum_flipped.sst");
    Map<String, Object> json = Vectors.json(Vectors.bad("sst_final_block_setsum_flipped.json"));
    String scan = (String) Json.object(json.get("sst_checksum")).get("stdout");
    String fast = (String) Json.object(json.get("sst_checksum_fast")).get("stdout");
    assertNotEquals(scan, fast);
    String name = " sst_final_block_setsum_flipped.sst\n";
    assertEquals(scan.replace(name, " " + table + "\n"),
        Cli.run("sst-checksum", table.toString()).ok().out);
    assertEquals(fast.replace(name, " " + table + "\n"),
        Cli.run("sst-checksum", "--fast", table.toString()).ok().out);
  }

  /**
   * Corrupt tables fail with the Rust error code. --fast reads no data block, so it fails only
   * where opening fails (everything but a flipped data block); the empty table's setsum is 0.
   */
  @ParameterizedTest
  @MethodSource("badTables")
  void corruptTablesFailWithTheRustErrorCode(Path table) {
    String name = table.getFileName().toString();
    String code = (String) Json.object(SstVectors.badJson(table).get("expect")).get("error_code");
    Cli.Result scan = Cli.run("sst-checksum", table.toString());
    Cli.Result fast = Cli.run("sst-checksum", "--fast", table.toString());
    if (name.equals("sst_final_block_setsum_flipped.sst")) {
      scan.ok();
      fast.ok();
    } else if (name.equals("sst_empty_table.sst")) {
      String zero = "0".repeat(64) + " " + table + "\n";
      assertEquals(zero, scan.ok().out);
      assertEquals(zero, fast.ok().out);
    } else if (name.equals("sst_data_block_flipped.sst")) {
      scan.failsWith("sst-checksum", code);
      assertEquals(Cli.run("sst-checksum", "--fast", Vectors.file("sst", "small.sst")
          .toString()).out.substring(0, 64), fast.ok().out.substring(0, 64));
    } else {
      scan.failsWith("sst-checksum", code);
      fast.failsWith("sst-checksum", code);
    }
  }

  @Test
  void severalTablesInTheOrderGiven() {
    Path a = Vectors.prefer("sst", "many.sst", "prefixes.sst");
    Path b = Vectors.file("sst", "one.sst");
    String expected = SstVectors.json(a).get("setsum") + " " + a + "\n"
        + SstVectors.json(b).get("setsum") + " " + b + "\n";
    assertEquals(expected, Cli.run("sst-checksum", a.toString(), b.toString()).ok().out);
  }

  @Test
  void badThreadCountsAreUsageErrors() {
    String table = Vectors.file("sst", "one.sst").toString();
    Cli.run("sst-checksum", "--threads", "0", table).failsWith("sst-checksum", "--threads");
    Cli.run("sst-checksum", "--threads", "x", table).failsWith("sst-checksum", "--threads");
  }
}
