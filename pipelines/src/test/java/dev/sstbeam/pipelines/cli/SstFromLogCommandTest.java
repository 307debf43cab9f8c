package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.table.SstWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SstFromLogCommandTest {
  @TempDir Path dir;

  /** Every vector log that Rust's sst-from-log converted: vectors/sst/NAME.default.sst. */
  static Stream<String> convertedLogs() {
    return Vectors.list("sst", ".default.sst").stream()
        .map(p -> p.getFileName().toString().replaceAll("\\.default\\.sst$", ""));
  }

  /** The Rust tool's bytes, sorting in memory and with 1 MiB of memory (several spilled runs). */
  @ParameterizedTest
  @MethodSource("convertedLogs")
  void writesTheBytesRustWrote(String name) throws IOException {
    byte[] rust = Files.readAllBytes(Vectors.file("sst", name + ".default.sst"));
    Path log = Vectors.log(name + ".log");
    Path out = dir.resolve(name + ".sst");
    Cli.run("sst-from-log", "--input", log.toString(), "--output", out.toString()).ok();
    assertArrayEquals(rust, Files.readAllBytes(out));

    Path spilled = dir.resolve(name + ".spilled.sst");
    Path temp = dir.resolve("tmp");
    Cli.run("sst-from-log", "--memory", "1048576", "--temp-dir", temp.toString(),
        "--input", log.toString(), "--output", spilled.toString()).ok();
    assertArrayEquals(rust, Files.readAllBytes(spilled));
    assertEquals(List.of(), names(temp), "the sorted runs are removed");
  }

  @Test
  void everyVectorLogWithItemsWasConvertedByRust() {
    // The core set carries one.default.sst and small.default.sst.
    assertEquals(Vectors.full() ? 7 : 2, convertedLogs().count());
  }

  /** Rust fails on any duplicate; by default we drop the exact one and say so on stderr. */
  @Test
  void anExactDuplicateIsDroppedAndCounted() throws IOException {
    Path log = Vectors.bad("sst_from_log_duplicate.log");
    Path out = dir.resolve("dup.sst");
    Cli.Result r = Cli.run("sst-from-log", "--input", log.toString(), "--output", out.toString());
    assertEquals(0, r.status);
    assertEquals("sst sst-from-log: dropped 1 duplicate item (the same key, timestamp and value"
        + " as an item kept)\n", r.err);
    assertArrayEquals(Files.readAllBytes(Vectors.file("sst", "one.default.sst")),
        Files.readAllBytes(out));
  }

  /** With --duplicates fail we answer as Rust does: sort-order, and no output file. */
  @Test
  void failOnDuplicatesIsRustsSortOrder() throws IOException {
    Path log = Vectors.bad("sst_from_log_duplicate.log");
    Path out = dir.resolve("dup.sst");
    Cli.run("sst-from-log", "--duplicates", "fail", "--input", log.toString(),
            "--output", out.toString())
        .failsWith("sst-from-log", "sort-order")
        .failsWith("sst-from-log", "(key \"key\") (timestamp 1) in " + log);
    assertEquals(List.of(), names(dir));
  }

  /** A conflicting duplicate fails by default, naming key and timestamp; keep-first keeps one. */
  @Test
  void conflictingDuplicates() throws IOException {
    Path log = dir.resolve("conflict.log");
    try (LogWriter w = LogWriter.create(log)) {
      w.append(new WriteBatch().put(bytes("b"), 7, bytes("first")).put(bytes("a"), 1, bytes("x")));
      w.append(new WriteBatch().put(bytes("b"), 7, bytes("second")));
      w.seal();
    }
    Path out = dir.resolve("out.sst");
    Cli.run("sst-from-log", "--input", log.toString(), "--output", out.toString())
        .failsWith("sst-from-log", "sort-order (duplicate conflicting) (key \"b\") (timestamp 7)");
    assertFalse(Files.exists(out));
    for (String memory : new String[] {"67108864", "1048576"}) {
      Path kept = dir.resolve("kept-" + memory + ".sst");
      Cli.Result r = Cli.run("sst-from-log", "--duplicates", "keep-first", "--memory", memory,
          "--input", log.toString(), "--output", kept.toString());
      assertEquals(0, r.status);
      assertTrue(r.err.startsWith("sst sst-from-log: dropped 1 duplicate item (keep-first"), r.err);
      assertEquals("\"a\" @ 1 -> \"x\"\n\"b\" @ 7 -> \"first\"\n",
          Cli.run("sst-dump", kept.toString()).ok().out);
    }
  }

  /** ("", u64::MAX) can be in no table: a clear error naming the log and the record's offset. */
  @Test
  void theSmallestItemFailsClearly() throws IOException {
    Path log = Vectors.bad("sst_from_log_min_key.log");
    Path out = dir.resolve("out.sst");
    for (String policy : new String[] {"drop-exact", "keep-first", "fail"}) {
      Cli.run("sst-from-log", "--duplicates", policy, "--input", log.toString(),
              "--output", out.toString())
          .failsWith("sst-from-log", "sort-order: the log holds the item \"\" @ 18446744073709551615")
          .failsWith("sst-from-log", "which no table can store")
          .failsWith("sst-from-log", " in " + log + "\n");
      assertEquals(List.of(), names(dir));
    }
  }

  /** Our decision: logs with no items give the empty table (exit 0, and a note on stderr). */
  @Test
  void anEmptyLogGivesTheEmptyTable() throws IOException {
    Path out = dir.resolve("empty.sst");
    Cli.Result r = Cli.run("sst-from-log", "--input", Vectors.log("empty.log").toString(),
        "--output", out.toString());
    assertEquals(0, r.status);
    assertEquals("", r.out);
    assertEquals("sst sst-from-log: " + TableFiles.EMPTY_TABLE_NOTE + "\n", r.err);
    assertArrayEquals(Files.readAllBytes(Vectors.bad("sst_empty_table.sst")),
        Files.readAllBytes(out));
    assertEquals("", Cli.run("sst-dump", out.toString()).ok().out);
  }

  /** Several logs: the sorted union of their items, as one table. */
  @Test
  void severalInputsGiveOneTable() throws Exception {
    List<Path> logs = List.of(Vectors.log("small.log"),
        Vectors.prefer("log", "mixed.log", "max_batch.log"), Vectors.log("one.log"));
    List<KeyValue> all = new ArrayList<>();
    for (Path p : logs) {
      try (LogReader r = LogReader.open(p)) {
        KeyValue kv;
        while ((kv = r.next()) != null) {
          all.add(kv);
        }
      }
    }
    all.sort(KeyOrder.INSTANCE);
    Path expected = dir.resolve("expected.sst");
    try (SstWriter w = SstWriter.create(expected)) {
      KeyValue last = null;
      for (KeyValue kv : all) {
        if (last == null || last.compareTo(kv) != 0) {
          w.add(kv);
        }
        last = kv;
      }
      w.seal();
    }
    Path out = dir.resolve("out.sst");
    Cli.Result r = Cli.run("sst-from-log", "--memory", "1048576", "--input", logs.get(0).toString(),
        logs.get(1).toString(), "--input", logs.get(2).toString(), "--output", out.toString());
    assertEquals(0, r.status, r.err);
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out));
  }

  @Test
  void tableOptionsAreTheRustOptions() throws IOException {
    Path log = Vectors.prefer("log", "mixed.log", "small.log");
    Path a = dir.resolve("a.sst");
    Cli.run("sst-from-log", "--input", log.toString(), "--output", a.toString(),
        "--sst-target-block-size", "65536", "--sst-block-bytes-restart-interval", "4096",
        "--sst-block-key-value-pairs-restart-interval", "128", "--sst-bloom-filter-bits", "4",
        "--sst-target-file-size", "4096", "--sst-write-buffer-size", "4096").ok();
    byte[] rust = Files.readAllBytes(Vectors.prefer("sst", "mixed.default.sst", "small.default.sst"));
    assertFalse(java.util.Arrays.equals(rust, Files.readAllBytes(a)));
    Path b = dir.resolve("b.sst");
    Cli.run("sst-from-log", "--input", log.toString(), "--output", b.toString()).ok();
    assertEquals(Cli.run("sst-checksum", b.toString()).ok().out.substring(0, 64),
        Cli.run("sst-checksum", a.toString()).ok().out.substring(0, 64));
  }

  @Test
  void errorsAreOneLineAndLeaveNoOutput() throws IOException {
    Path out = dir.resolve("out.sst");
    Cli.run("sst-from-log", "--input", Vectors.bad("log_crc_flipped.log").toString(),
            "--output", out.toString())
        .failsWith("sst-from-log", "corruption-crc-checksum-failed")
        .failsWith("sst-from-log", "in " + Vectors.bad("log_crc_flipped.log"));
    Cli.run("sst-from-log", "--input", dir.resolve("nope.log").toString(), "--output",
            out.toString())
        .failsWith("sst-from-log", "system-error");
    Cli.run("sst-from-log", "--memory", "1000", "--input", Vectors.log("one.log").toString(),
            "--output", out.toString())
        .failsWith("sst-from-log", "--memory must be at least 1048576");
    Cli.run("sst-from-log", "--duplicates", "maybe", "--input", Vectors.log("one.log").toString(),
            "--output", out.toString())
        .failsWith("sst-from-log", "drop-exact, keep-first or fail");
    Cli.run("sst-from-log", "--output", out.toString()).failsWith("sst-from-log", "--input");
    assertEquals(List.of(), names(dir));
    Files.writeString(out, "precious");
    Cli.run("sst-from-log", "--input", Vectors.log("one.log").toString(), "--output",
            out.toString())
        .failsWith("sst-from-log", "AlreadyExists");
    assertEquals("precious", Files.readString(out));
  }

  private static List<String> names(Path d) throws IOException {
    if (!Files.exists(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
