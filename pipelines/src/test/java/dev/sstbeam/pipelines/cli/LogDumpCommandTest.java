package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogDumpCommandTest {
  static Stream<Path> logsWithDumps() {
    return Vectors.list("log", ".log").stream()
        .filter(p -> Files.exists(Path.of(p + ".dump.txt")));
  }

  static Stream<Path> badLogs() {
    return Vectors.list("bad", ".json").stream()
        .filter(p -> Files.exists(Path.of(p.toString().replaceAll("\\.json$", ".log"))));
  }

  @ParameterizedTest
  @MethodSource("logsWithDumps")
  void dumpEqualsTheRustDumpByteForByte(Path log) {
    Cli.Result r = Cli.run("log-dump", log.toString()).ok();
    assertEquals(Vectors.text(Vectors.companion(log, ".dump.txt")), r.out);
  }

  @Test
  void everyVectorWithADumpIsCovered() {
    // The full set has 7 logs with dumps; the core set one, small, empty and empty_kv.
    assertFalse(logsWithDumps().count() < (Vectors.full() ? 6 : 4),
        "expected the vectors' dumps, found too few");
  }

  /** The Rust log-dump prints the records before the corruption, then fails: so do we. */
  @ParameterizedTest
  @MethodSource("badLogs")
  void corruptLogsPrintWhatRustPrintedThenOneErrorLine(Path json) {
    Map<String, Object> v = Vectors.json(json);
    Map<String, Object> expect = Json.object(v.get("expect"));
    String log = json.toString().replaceAll("\\.json$", ".log");
    String command = (String) expect.get("command");
    if (!command.startsWith("log-dump ")) {
      return; // sst-from-log cases: their logs are valid
    }
    Cli.Result r = Cli.run("log-dump", log);
    assertEquals(v.get("stdout"), r.out, "records printed before the failure");
    if ("0".equals(expect.get("exit_status"))) {
      r.ok();
    } else {
      r.failsWith("log-dump", (String) expect.get("error_code"));
    }
  }

  @Test
  void severalLogsAreDumpedOneAfterTheOther() {
    Cli.Result r =
        Cli.run("log-dump", Vectors.log("one.log").toString(), Vectors.log("small.log").toString())
            .ok();
    assertEquals(
        Vectors.text(Vectors.log("one.log.dump.txt")) + Vectors.text(Vectors.log("small.log.dump.txt")),
        r.out);
  }

  /**
   * The block ranges of any partition of a log, dumped in order, give the whole dump: the Rust
   * dump with the full vector set (the core set does not carry this 3 MB dump), else ours.
   */
  @Test
  void blockRangesPartitionTheDump() {
    Path log = Vectors.log("max_batch.log");
    String whole = Vectors.full() ? Vectors.text(Vectors.log("max_batch.log.dump.txt"))
        : Cli.run("log-dump", log.toString()).ok().out;
    StringBuilder byBlock = new StringBuilder();
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      String part = Cli.run("log-dump", "--blocks", k + ":" + (k + 1), log.toString()).ok().out;
      parts.add(part);
      byBlock.append(part);
    }
    assertEquals(whole, byBlock.toString());
    String firstTwo = Cli.run("log-dump", "--blocks", "0:2", log.toString()).ok().out;
    assertEquals(parts.get(0) + parts.get(1), firstTwo);
    assertEquals("", Cli.run("log-dump", "--blocks", "4:9", log.toString()).ok().out);
  }
}
