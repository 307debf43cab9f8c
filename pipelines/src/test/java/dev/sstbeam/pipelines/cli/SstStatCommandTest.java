package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SstStatCommandTest {
  static Stream<Path> tables() {
    return SstVectors.tables().stream();
  }

  /** The Rust format with the JSON's metadata; size = index block bytes + 32 × filter blocks. */
  @ParameterizedTest
  @MethodSource("tables")
  void printsTheRustMetadataLine(Path table) throws IOException {
    Map<String, Object> m = Json.object(SstVectors.json(table).get("metadata"));
    String expected = table + " size=" + sizeFromTheFooter(table)
        + " metadata=SstMetadata { setsum: " + m.get("setsum")
        + ", first_key: \"" + escapeHex((String) m.get("first_key"))
        + "\", last_key: \"" + escapeHex((String) m.get("last_key"))
        + "\", smallest_timestamp: " + m.get("smallest_timestamp")
        + " biggest_timestamp: " + m.get("biggest_timestamp")
        + ", file_size: " + m.get("file_size") + " }\n";
    assertEquals(expected, Cli.run("sst-stat", table.toString()).ok().out);
  }

  @Test
  void smallAndTheEmptyTableExactly() {
    Path small = Vectors.file("sst", "small.sst");
    Path empty = Vectors.bad("sst_empty_table.sst");
    assertEquals(
        small + " size=131 metadata=SstMetadata { setsum: "
            + "52c876d29b3488775e18189f022c9ea4340adabb47e748b8a0582875fa41c8f9, first_key: \"\\x00\","
            + " last_key: \"\\xff\\xff\", smallest_timestamp: 0 biggest_timestamp:"
            + " 18446744073709551615, file_size: 1236 }\n"
            + empty + " size=43 metadata=SstMetadata { setsum: " + "0".repeat(64)
            + ", first_key: \"\", last_key: \"" + "\\xff".repeat(11) + "\", smallest_timestamp: 0"
            + " biggest_timestamp: 0, file_size: 122 }\n",
        Cli.run("sst-stat", small.toString(), empty.toString()).ok().out);
  }

  @Test
  void aCorruptTableIsOneErrorLine() {
    Cli.run("sst-stat", Vectors.bad("sst_data_block_flipped.sst").toString())
        .failsWith("sst-stat", "crc32c-failure");
    Cli.run("sst-stat", Vectors.bad("sst_seven_bytes.sst").toString())
        .failsWith("sst-stat", "corruption-file-too-small");
  }

  /**
   * Reads the final block by hand (FORMAT.md §5.8): the index and filter entries' bounds, minus
   * each entry's tag and length varint, give the raw index block and the filter's bytes.
   */
  static long sizeFromTheFooter(Path table) throws IOException {
    byte[] f = Files.readAllBytes(table);
    int at = (int) littleEndian(f, f.length - 8);
    long[] index = metadata(f, at);
    long[] filter = metadata(f, at + 3 + f[at + 2]);
    return rawLength(index) + rawLength(filter);
  }

  /** {start, limit} of the BlockMetadata field at {@code at} ({@code 82 01 len 68 v 70 v 7d crc}). */
  private static long[] metadata(byte[] f, int at) {
    int[] pos = {at + 4};
    long start = varint(f, pos);
    pos[0]++;
    long limit = varint(f, pos);
    return new long[] {start, limit};
  }

  /** The bytes inside an SstEntry of {@code limit − start} bytes: minus the tag and the length. */
  private static long rawLength(long[] bounds) {
    long entry = bounds[1] - bounds[0] - 1;
    for (int lenBytes = 1; lenBytes <= 5; lenBytes++) {
      long raw = entry - lenBytes;
      if (raw < 1L << (7 * lenBytes) && (lenBytes == 1 || raw >= 1L << (7 * (lenBytes - 1)))) {
        return raw;
      }
    }
    throw new AssertionError("entry too large");
  }

  private static long varint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      if (x < 0x80) {
        return v;
      }
    }
  }

  private static long littleEndian(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  private static String escapeHex(String hex) {
    return RustEscape.escape(HexFormat.of().parseHex(hex));
  }
}
