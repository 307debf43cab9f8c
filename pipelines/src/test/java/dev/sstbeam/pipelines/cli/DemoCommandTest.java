package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void writesReadsBackAndAgrees() {
    Cli.Result r = Cli.run("demo", "--records", "3000", "--dir", dir.toString(), "--threads", "2").ok();
    assertTrue(r.out.contains("All checks passed"), r.out);
    assertTrue(r.out.contains("wrote     3,000 records"), r.out);
    assertTrue(r.out.contains("1 block boundary falls inside a frame's payload"), r.out);
    assertTrue(Files.exists(dir.resolve("demo.log")));
    // The Beam part: three logs converted to tables and audited, both balanced.
    assertTrue(r.out.contains("from 3 logs"), r.out);
    assertTrue(r.out.contains(" 1,000 duplicates dropped"), r.out);
    assertEquals(3, r.out.split("\nbalance OK\n", -1).length - 1, r.out);
    assertTrue(Files.exists(dir.resolve("tables/MANIFEST.json")));
    // Then the compaction of the tables, verified by the second specification, and lookups.
    assertTrue(r.out.contains("\ncompacted 4,000 records of 1 table set and 0 logs into "), r.out);
    assertTrue(r.out.contains("generation 1\n"), r.out);
    assertTrue(r.out.contains("\nverdict OK\n"), r.out);
    assertTrue(r.out.contains("\n\"nokey\" not found\n"), r.out);
    assertTrue(Files.exists(dir.resolve("compacted/MANIFEST.json")));

    // What the demo prints is what the tools see.
    String setsum = r.out.replaceAll("(?s).*\nsetsum    ([0-9a-f]{64}) .*", "$1");
    Path log = dir.resolve("demo.log");
    assertEquals(setsum + " " + log + "\n", Cli.run("log-checksum", log.toString()).ok().out);
    assertEquals(3000, Cli.run("log-dump", log.toString()).ok().out.lines().count());
  }

  @Test
  void theSameSeedWritesTheSameLog() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Cli.run("demo", "--records", "1000", "--dir", a.toString()).ok();
    Cli.run("demo", "--records", "1000", "--dir", b.toString()).ok();
    assertEquals(-1, Files.mismatch(a.resolve("demo.log"), b.resolve("demo.log")));
  }

  @Test
  void refusesToOverwriteAndRejectsTinyRuns() {
    Cli.run("demo", "--records", "1000", "--dir", dir.toString()).ok();
    Cli.run("demo", "--records", "1000", "--dir", dir.toString())
        .failsWith("demo", "AlreadyExists");
    Cli.run("demo", "--records", "10", "--dir", dir.resolve("x").toString())
        .failsWith("demo", "--records");
  }
}
