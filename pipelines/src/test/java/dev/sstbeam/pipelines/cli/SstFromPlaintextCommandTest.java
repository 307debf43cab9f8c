package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SstFromPlaintextCommandTest {
  @TempDir Path dir;

  /**
   * The bloom vectors hold "bloom/NNNN" → "vN" at timestamp N: exactly what plaintext lines give,
   * so the tool must rebuild them byte for byte, with their bloom filter bits.
   */
  @ParameterizedTest
  @CsvSource({"bloom_default, 17", "bloom_bits4, 4", "bloom_bits1, 1"})
  void rebuildsTheBloomVectorsByteForByte(String name, int bits) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      text.append(String.format("bloom/%04d v%d\n", i, i));
    }
    Path in = dir.resolve(name + ".txt");
    Files.writeString(in, text);
    Path out = dir.resolve(name + ".sst");
    if (bits == 17) {
      Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString()).ok();
    } else {
      Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString(),
          "--sst-bloom-filter-bits", String.valueOf(bits)).ok();
    }
    assertArrayEquals(Files.readAllBytes(Vectors.file("sst", name + ".sst")),
        Files.readAllBytes(out));
  }

  @Test
  void whitespaceAndEscapesRoundTripThroughSstDump() throws IOException {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "apple red\n  banana \t yellow  \r\ncaf\u00e9 cr\u00e8me\nq\"uote x");
    Path out = dir.resolve("out.sst");
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString()).ok();
    assertEquals(
        "\"apple\" @ 0 -> \"red\"\n"
            + "\"banana\" @ 1 -> \"yellow\"\n"
            + "\"caf\\xc3\\xa9\" @ 2 -> \"cr\\xc3\\xa8me\"\n"
            + "\"q\\\"uote\" @ 3 -> \"x\"\n",
        Cli.run("sst-dump", out.toString()).ok().out);
    assertEquals(List.of("in.txt", "out.sst"), names());
  }

  @Test
  void withTimestampTheClockGivesMicroseconds() throws IOException {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a 1\nb 2\nc 3\n");
    Path out = dir.resolve("out.sst");
    long before = System.currentTimeMillis() * 1000 - 1000;
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString(),
        "--timestamp").ok();
    long after = System.currentTimeMillis() * 1000 + 1000;
    String[] lines = Cli.run("sst-dump", out.toString()).ok().out.split("\n");
    assertEquals(3, lines.length);
    for (String line : lines) {
      long ts = Long.parseLong(line.replaceAll(".* @ (\\d+) -> .*", "$1"));
      assertTrue(ts >= before && ts <= after, line);
    }
  }

  /** Keys must be strictly ascending (the items go in in file order): the line is named. */
  @Test
  void keysOutOfOrderFailWithSortOrderAndLeaveNoOutput() throws IOException {
    for (String text : new String[] {"b 1\na 2\n", "a 1\na 2\n"}) {
      Path in = dir.resolve("in.txt");
      Files.writeString(in, text);
      Path out = dir.resolve("out.sst");
      Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString())
          .failsWith("sst-from-plaintext", "sort-order")
          .failsWith("sst-from-plaintext", "(line 2 of " + in + ": keys must be strictly ascending)");
      assertEquals(List.of("in.txt"), names());
    }
  }

  @Test
  void aLineWithoutExactlyTwoTokensFails() throws IOException {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a 1\nb 2 3\n");
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output",
            dir.resolve("out.sst").toString())
        .failsWith("sst-from-plaintext", "Invalid line: \"b 2 3\" (line 2 of");
    assertEquals(List.of("in.txt"), names());
  }

  /** Our decision: an empty input gives the empty table (exit 0, with a note on stderr). */
  @Test
  void anEmptyInputGivesTheEmptyTable() throws IOException {
    Path in = dir.resolve("empty.txt");
    Files.writeString(in, "");
    Path out = dir.resolve("empty.sst");
    Cli.Result r =
        Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString());
    assertEquals(0, r.status);
    assertEquals("sst sst-from-plaintext: " + TableFiles.EMPTY_TABLE_NOTE + "\n", r.err);
    assertArrayEquals(Files.readAllBytes(Vectors.bad("sst_empty_table.sst")),
        Files.readAllBytes(out));
  }

  @Test
  void refusesAnExistingOutputAndBadOptions() throws IOException {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a b\n");
    Path out = dir.resolve("exists.sst");
    Files.writeString(out, "precious");
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", out.toString())
        .failsWith("sst-from-plaintext", "AlreadyExists");
    assertEquals("precious", Files.readString(out));
    Path fresh = dir.resolve("fresh.sst");
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", fresh.toString(),
            "--sst-target-block-size", "1024")
        .failsWith("sst-from-plaintext", "--sst-target-block-size must be in 4096..16777216");
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", fresh.toString(),
            "--sst-bloom-filter-bits", "256")
        .failsWith("sst-from-plaintext", "--sst-bloom-filter-bits must be in 0..255");
    Cli.run("sst-from-plaintext", "--plaintext", dir.resolve("nope.txt").toString(),
            "--output", fresh.toString())
        .failsWith("sst-from-plaintext", "system-error (kind NotFound)");
    assertFalse(Files.exists(fresh));
  }

  @Test
  void restartAndBlockOptionsChangeTheBytesNotTheItems() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 6000; i++) {
      text.append(String.format("key%06d value-%d\n", i, i));
    }
    Path in = dir.resolve("in.txt");
    Files.writeString(in, text);
    Path a = dir.resolve("a.sst");
    Path b = dir.resolve("b.sst");
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", a.toString()).ok();
    Cli.run("sst-from-plaintext", "--plaintext", in.toString(), "--output", b.toString(),
        "--sst-block-key-value-pairs-restart-interval", "1",
        "--sst-block-bytes-restart-interval", "0", "--sst-target-block-size", "65536").ok();
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    assertEquals(Cli.run("sst-dump", a.toString()).ok().out,
        Cli.run("sst-dump", b.toString()).ok().out);
    assertEquals(Cli.run("sst-checksum", a.toString()).ok().out.substring(0, 64),
        Cli.run("sst-checksum", b.toString()).ok().out.substring(0, 64));
    String inspect = Cli.run("sst-inspect", b.toString()).ok().out;
    assertTrue(inspect.lines().filter(l -> l.startsWith("BlockMetadata")).count() > 1);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
