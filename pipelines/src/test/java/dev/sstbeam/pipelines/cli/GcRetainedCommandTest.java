package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sst gc-retained} prints, for every case of {@code vectors/gc/cases.json}, the case's
 * {@code retained.txt} byte for byte; bad arguments and bad tables are one-line errors.
 */
class GcRetainedCommandTest {
  @TempDir Path dir;

  private static Path gc(String file) {
    return Vectors.file("gc", file);
  }

  static Stream<Arguments> cases() {
    List<Object> cases = Json.array(Vectors.json(gc("cases.json")).get("cases"));
    return cases.stream()
        .map(Json::object)
        .map(c -> Arguments.of(c.get("retained_file"), c.get("table"), c.get("policy"),
            c.get("now_micros")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsTheRetainedPairsOfEveryCase(String retained, String table, String policy,
      String now) {
    Cli.Result r = Cli.run("gc-retained", "--policy", policy, "--now-micros", now,
        gc(table + ".sst").toString());
    assertEquals(Vectors.text(gc(retained)), r.ok().out);
  }

  @Test
  void coversEveryCase() {
    assertEquals(352, cases().count());
  }

  @Test
  void anInvalidPolicyOrNumberIsAUsageError() {
    String t1 = gc("t1.sst").toString();
    Cli.Result r = Cli.run("gc-retained", "--policy", "versions = 0", "--now-micros", "4", t1);
    r.failsWith("gc-retained", "invalid gc policy at position 11: expected a number");
    assertEquals(2, r.status);
    assertEquals("", r.out);
    for (String now : new String[] {"-1", "18446744073709551616", "1e6", ""}) {
      r = Cli.run("gc-retained", "--policy", "versions = 1", "--now-micros", now, t1);
      r.failsWith("gc-retained", "--now-micros");
      assertEquals(2, r.status);
    }
    r = Cli.run("gc-retained", "--now-micros", "4", t1);
    r.failsWith("gc-retained", "--policy");
    assertEquals(2, r.status);
    r = Cli.run("gc-retained", "--policy", "versions = 1", t1);
    r.failsWith("gc-retained", "--now-micros");
    assertEquals(2, r.status);
  }

  @Test
  void aMissingOrCorruptTableIsOneLineNamingIt() throws Exception {
    Cli.Result r = Cli.run("gc-retained", "--policy", "all()", "--now-micros", "0",
        "/no/such/table.sst");
    r.failsWith("gc-retained", "system-error (kind NotFound)");
    assertTrue(r.err.contains("/no/such/table.sst"), r.err);
    assertEquals(1, r.status);

    String bad = Vectors.bad("sst_data_block_flipped.sst").toString();
    r = Cli.run("gc-retained", "--policy", "all()", "--now-micros", "0", bad);
    Object code = Json.object(Vectors.json(Vectors.bad("sst_data_block_flipped.json"))
        .get("expect")).get("error_code");
    r.failsWith("gc-retained", "crc32c-failure");
    assertEquals("crc32c-failure", code, "the Rust reader's code for this table");
    assertTrue(r.err.contains(bad), r.err);
    assertEquals(1, r.status);
  }

  @Test
  void theEmptyKeyGivesALineStartingWithASpace() {
    // t1's empty key: " 3 -", " 2 " (an empty value), " 1 726c79"; all() keeps T3 for V2, and V1.
    Cli.Result r = Cli.run("gc-retained", "--policy", "all()", "--now-micros", "0",
        gc("t1.sst").toString());
    assertTrue(r.ok().out.startsWith(" 3\n 2\n 1\n"), r.out);
  }
}
