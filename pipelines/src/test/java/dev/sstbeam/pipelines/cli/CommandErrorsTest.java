package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.setsum.SetsumHashing;
import org.junit.jupiter.api.Test;

/** Bad input is one stderr line, `sst <command>: ...`, a non-zero status, and never a stack trace. */
class CommandErrorsTest {
  @Test
  void aCorruptLogNamesTheCodeTheOffsetAndTheFile() {
    String log = Vectors.bad("log_crc_flipped.log").toString();
    for (String command : new String[] {"log-dump", "log-checksum"}) {
      Cli.Result r = Cli.run(command, log);
      r.failsWith(command, "corruption-crc-checksum-failed");
      assertTrue(r.err.contains("offset 96"), r.err);
      assertTrue(r.err.contains(log), r.err);
      assertEquals(1, r.status);
    }
  }

  @Test
  void aMissingFile() {
    Cli.run("log-dump", "/no/such/file.log").failsWith("log-dump", "system-error (kind NotFound)");
    Cli.run("log-checksum", "/no/such/file.log")
        .failsWith("log-checksum", "system-error (kind NotFound)");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Cli.Result r = Cli.run("log-dump");
    r.failsWith("log-dump", "Missing required parameter");
    assertEquals(2, r.status);
    r = Cli.run("log-dump", "--frobnicate", "x.log");
    r.failsWith("log-dump", "Unknown option");
    assertEquals(2, r.status);
    r = Cli.run("log-truncate-final-partial-frame", "--truncate-to", "-5", "x.log");
    r.failsWith("log-truncate-final-partial-frame", "--truncate-to");
    assertEquals(2, r.status);
  }

  @Test
  void noSubcommandPrintsUsage() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.status);
    assertTrue(r.err.startsWith("Usage: sst"), r.err);
    r = Cli.run("no-such-command");
    assertEquals(2, r.status);
    assertTrue(r.err.startsWith("sst: Unmatched argument"), r.err);
  }

  @Test
  void helpAndVersion() {
    Cli.Result r = Cli.run("--help").ok();
    for (String command : new String[] {"log-dump", "log-checksum", "log-from-plaintext",
        "log-truncate-final-partial-frame", "setsum-calculator", "demo"}) {
      assertTrue(r.out.contains("  " + command + " "), command);
      assertTrue(Cli.run(command, "--help").ok().out.startsWith("Usage: sst " + command), command);
    }
    assertTrue(Cli.run("--version").ok().out.startsWith("sst-beam "));
  }

  /** The last line of --version names this JVM's setsum hashing path (surefire adds the module). */
  @Test
  void versionNamesTheSetsumHashingPath() {
    String[] lines = Cli.run("--version").ok().out.split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.matches("setsum hashing: (vector [0-9]+x[0-9]+-bit \\(jdk\\.incubator\\.vector\\)"
        + "|scalar \\(.+\\))"), last);
    assertEquals("setsum hashing: " + SetsumHashing.description(), last);
  }
}
