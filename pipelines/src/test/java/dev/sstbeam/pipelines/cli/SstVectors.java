package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.KeyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The vectors' tables: their JSON, record listings and the item lines a dump prints for them. */
final class SstVectors {
  private SstVectors() {}

  /** Every {@code vectors/sst/*.sst}, sorted. */
  static List<Path> tables() {
    return Vectors.list("sst", ".sst");
  }

  /** Every {@code vectors/bad/sst_*.sst}, sorted. */
  static List<Path> badTables() {
    return Vectors.list("bad", ".sst").stream()
        .filter(p -> p.getFileName().toString().startsWith("sst_"))
        .collect(Collectors.toList());
  }

  static Map<String, Object> json(Path table) {
    return Vectors.json(Vectors.companion(table, ".json"));
  }

  /** The JSON of a bad table: {@code bad/NAME.json}. */
  static Map<String, Object> badJson(Path table) {
    return Vectors.json(Path.of(table.toString().replaceAll("\\.sst$", ".json")));
  }

  /** The table's records when its JSON lists them (fewer than 200), else null. */
  static List<KeyValue> records(Path table) {
    Object r = json(table).get("records");
    if (r == null) {
      return null;
    }
    List<KeyValue> out = new ArrayList<>();
    for (Object line : Json.array(r)) {
      out.add(parseListingLine((String) line));
    }
    return out;
  }

  /** {@code KEYHEX TIMESTAMP VALUEHEX} or {@code KEYHEX TIMESTAMP -}. */
  static KeyValue parseListingLine(String line) {
    String[] f = line.split(" ", -1);
    byte[] key = HexFormat.of().parseHex(f[0]);
    long ts = Long.parseUnsignedLong(f[1]);
    return f[2].equals("-") ? KeyValue.del(key, ts) : KeyValue.put(key, ts, HexFormat.of().parseHex(f[2]));
  }

  /** The item lines {@code sst-dump} prints for {@code items}. */
  static String dump(List<KeyValue> items) {
    StringBuilder sb = new StringBuilder();
    for (KeyValue kv : items) {
      sb.append('"').append(RustEscape.escape(kv.key())).append("\" @ ")
          .append(Long.toUnsignedString(kv.timestamp())).append(" -> ")
          .append(kv.isTombstone() ? "<TOMBSTONE>" : "\"" + RustEscape.escape(kv.value()) + "\"")
          .append('\n');
    }
    return sb.toString();
  }

  static boolean hasDump(Path table) {
    return Files.exists(Path.of(table + ".dump.txt"));
  }

  static String rustDump(Path table) {
    return Vectors.text(Vectors.companion(table, ".dump.txt"));
  }
}
