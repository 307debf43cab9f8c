package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.table.SstWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SstInspectCommandTest {
  private static final Pattern BLOCK =
      Pattern.compile("BlockMetadata \\{ start: (\\d+), limit: (\\d+), crc32c: (\\d+) \\}");
  private static final Pattern ENTRY = Pattern.compile("\\[(\\d+)\\.\\.(\\d+)\\] KeyValueRef \\{ key: "
      + "\\[([0-9, ]*)\\], timestamp: (\\d+), value: (None|Some\\(\\[([0-9, ]*)\\]\\)) \\}");

  @TempDir Path dir;

  static Stream<Path> tables() {
    return SstVectors.tables().stream();
  }

  /** The §5.14 worked example, line for line: offsets within the block, bytes in decimal. */
  @Test
  void theWorkedExampleOfFormatMd() throws Exception {
    Path table = dir.resolve("example.sst");
    try (SstWriter w = SstWriter.create(table)) {
      w.put(bytes("A"), 5, bytes("a"));
      w.del(bytes("A"), 3);
      w.put(bytes("B"), 0, bytes("bb"));
      w.seal();
    }
    assertEquals(188, Files.size(table));
    assertEquals(
        "BlockMetadata { start: 0, limit: 46, crc32c: 623919099 }\n"
            + "[0..12] KeyValueRef { key: [65], timestamp: 5, value: Some([97]) }\n"
            + "[12..20] KeyValueRef { key: [65], timestamp: 3, value: None }\n"
            + "[20..33] KeyValueRef { key: [66], timestamp: 0, value: Some([98, 98]) }\n",
        Cli.run("sst-inspect", table.toString()).ok().out);
  }

  /**
   * On every vector table: the blocks tile the data region from offset 0 without gaps, each
   * block's entries tile it from offset 0, and the entries are the table's items in order.
   */
  @ParameterizedTest
  @MethodSource("tables")
  void blocksAndEntriesTileTheTableAndAreItsItems(Path table) {
    String out = Cli.run("sst-inspect", table.toString()).ok().out;
    List<KeyValue> items = new ArrayList<>();
    long nextBlockStart = 0;
    long nextEntry = -1;
    int blocks = 0;
    for (String line : out.split("\n")) {
      Matcher b = BLOCK.matcher(line);
      if (b.matches()) {
        assertEquals(nextBlockStart, Long.parseLong(b.group(1)), line);
        nextBlockStart = Long.parseLong(b.group(2));
        nextEntry = 0;
        blocks++;
        continue;
      }
      Matcher e = ENTRY.matcher(line);
      assertTrue(e.matches(), "unexpected line: " + line);
      assertEquals(nextEntry, Long.parseLong(e.group(1)), line);
      nextEntry = Long.parseLong(e.group(2));
      assertTrue(nextEntry > Long.parseLong(e.group(1)), line);
      byte[] key = decimalBytes(e.group(3));
      long ts = Long.parseUnsignedLong(e.group(4));
      items.add(e.group(5).equals("None")
          ? KeyValue.del(key, ts) : KeyValue.put(key, ts, decimalBytes(e.group(6))));
    }
    assertTrue(blocks > 0);
    assertEquals(Long.parseLong((String) SstVectors.json(table).get("record_count")), items.size());
    List<KeyValue> records = SstVectors.records(table);
    if (records != null) {
      assertEquals(records, items);
    }
  }

  @Test
  void aCorruptDataBlockFailsAfterItsMetadataLine() {
    Path table = Vectors.bad("sst_data_block_flipped.sst");
    Cli.Result r = Cli.run("sst-inspect", table.toString());
    assertEquals("BlockMetadata { start: 0, limit: 1013, crc32c: 4160508197 }\n", r.out);
    r.failsWith("sst-inspect", "crc32c-failure");
    assertEquals("", Cli.run("sst-inspect", Vectors.bad("sst_empty_table.sst").toString()).ok().out);
  }

  private static byte[] decimalBytes(String list) {
    if (list.isEmpty()) {
      return new byte[0];
    }
    String[] parts = list.split(", ");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      int v = Integer.parseInt(parts[i]);
      assertTrue(v >= 0 && v <= 255);
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
