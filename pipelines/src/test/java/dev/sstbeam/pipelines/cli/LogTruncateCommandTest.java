package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogTruncateCommandTest {
  private static final String TOOL = "log-truncate-final-partial-frame";

  @TempDir Path dir;

  static Stream<Path> casesWithTruncateAnswers() {
    return Vectors.list("bad", ".json").stream()
        .filter(p -> Vectors.json(p).containsKey("log_truncate_final_partial_frame"));
  }

  /** Every bad/*.json records what the Rust tool printed for its log: we print the same. */
  @ParameterizedTest
  @MethodSource("casesWithTruncateAnswers")
  void answersAsTheRustTool(Path json) {
    Map<String, Object> v = Vectors.json(json);
    Map<String, Object> rust = Json.object(v.get("log_truncate_final_partial_frame"));
    String log = json.toString().replaceAll("\\.json$", ".log");
    Cli.Result r = Cli.run(TOOL, log);
    assertEquals(rust.get("stdout"), r.out);
    if ("0".equals(rust.get("exit_status"))) {
      r.ok();
    } else {
      // Rust panics (134) on a read error; we print the error in one line and exit 1.
      r.failsWith(TOOL, (String) rust.get("error_code"));
      assertEquals(1, r.status);
    }
  }

  @Test
  void coversTheCasesThatHelpAndThoseThatCannot() {
    assertTrue(casesWithTruncateAnswers().count() >= 20);
  }

  @Test
  void needsExactlyOneLog() {
    String log = Vectors.log("one.log").toString();
    for (String[] args : new String[][] {{TOOL}, {TOOL, log, log}}) {
      Cli.Result r = Cli.run(args);
      assertEquals("specify exactly one sst\n", r.err);
      assertEquals("", r.out);
      assertEquals(1, r.status);
    }
  }

  @Test
  void truncatesOnlyWithTheRightOffset() throws IOException {
    Path log = copy("log_truncated_after_first.log");
    long size = Files.size(log);

    Cli.Result r = Cli.run(TOOL, "--truncate", log.toString());
    assertEquals("not truncating: specify --truncate-to 30 to truncate\n", r.err);
    assertEquals(2, r.status);

    r = Cli.run(TOOL, "--truncate", "--truncate-to", "31", log.toString());
    assertEquals("not truncating: required offset=30, specified offset=31\n", r.err);
    assertEquals(2, r.status);

    // --truncate-to without --truncate is ignored.
    assertEquals("truncate to 30 bytes\n", Cli.run(TOOL, "--truncate-to", "30", log.toString()).ok().out);
    assertEquals(size, Files.size(log));

    assertEquals("", Cli.run(TOOL, "--truncate", "--truncate-to", "30", log.toString()).ok().out);
    assertEquals(30, Files.size(log));
    assertEquals("truncate cannot help\n", Cli.run(TOOL, log.toString()).ok().out);
    assertEquals("\"first\" @ 1 -> \"small\"\n", Cli.run("log-dump", log.toString()).ok().out);
  }

  /** Rust's tool cannot help a log cut inside a payload; --repair can. */
  @Test
  void repairCutsALogTornInsideAFrame() throws IOException {
    Path log = copy("log_truncated_mid_payload.log");
    Cli.run(TOOL, log.toString()).failsWith(TOOL, "system-error (kind UnexpectedEof)");

    String answer = Cli.run(TOOL, "--repair", log.toString()).ok().out;
    assertTrue(answer.matches("truncate to \\d+ bytes\n"), answer);
    String offset = answer.replaceAll("\\D", "");
    long size = Files.size(log);

    Cli.Result r = Cli.run(TOOL, "--repair", "--truncate", log.toString());
    assertEquals("not truncating: specify --truncate-to " + offset + " to truncate\n", r.err);
    assertEquals(2, r.status);
    assertEquals(size, Files.size(log));

    Cli.run(TOOL, "--repair", "--truncate", "--truncate-to", offset, log.toString()).ok();
    assertEquals(Long.parseLong(offset), Files.size(log));
    assertEquals("truncate cannot help\n", Cli.run(TOOL, "--repair", log.toString()).ok().out);
    Cli.run("log-dump", log.toString()).ok();
  }

  @Test
  void repairRefusesCorruptionBeforeTheEnd() {
    Cli.run(TOOL, "--repair", Vectors.bad("log_crc_flipped.log").toString())
        .failsWith(TOOL, "corruption-crc-checksum-failed");
  }

  @Test
  void aGoodLogNeedsNothing() {
    assertEquals("truncate cannot help\n",
        Cli.run(TOOL, Vectors.log("max_batch.log").toString()).ok().out);
    assertEquals("truncate cannot help\n",
        Cli.run(TOOL, "--repair", Vectors.log("max_batch.log").toString()).ok().out);
  }

  private Path copy(String badName) throws IOException {
    Path copy = dir.resolve(badName);
    Files.copy(Vectors.bad(badName), copy);
    return copy;
  }
}
