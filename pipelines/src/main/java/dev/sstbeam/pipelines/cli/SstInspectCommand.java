package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.BlockMetadata;
import dev.sstbeam.format.table.SstInspector;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sst-inspect SST...}: the Rust {@code sst-inspect} output (FORMAT.md §8.2). For each data
 * block, in index order, its metadata in Rust's debug form, then one line per entry with its byte
 * range within the block and the item in Rust's debug form:
 *
 * <pre>
 * BlockMetadata { start: 0, limit: 46, crc32c: 624967675 }
 * [0..12] KeyValueRef { key: [65], timestamp: 5, value: Some([97]) }
 * [12..20] KeyValueRef { key: [65], timestamp: 3, value: None }
 * </pre>
 */
@Command(
    name = "sst-inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Print the blocks and entries of each table, as the Rust sst-inspect does.",
      "Per data block 'BlockMetadata { start: S, limit: L, crc32c: C }', then per",
      "entry '[off..next_off] KeyValueRef { key: [..], timestamp: T, value: .. }'",
      "(offsets within the block, bytes in decimal, 'value: None' for a tombstone)."
    })
public final class SstInspectCommand extends ToolCommand {
  @Parameters(arity = "1..*", paramLabel = "SST", description = "Table files.")
  List<String> tables;

  @Override
  protected int run() throws SstException, ToolFailure {
    ItemLineWriter lines = new ItemLineWriter(out());
    try {
      for (String table : tables) {
        TableFiles.with(table, sst -> {
          SstInspector inspector = new SstInspector(sst);
          for (BlockMetadata meta : inspector.dataBlocks()) {
            lines.writeLine(meta.toString());
            SstInspector.Entries entries = inspector.entries(meta);
            while (entries.next()) {
              lines.writeLine(entryLine(entries.offset(), entries.nextOffset(), entries.keyValue()));
            }
          }
        });
      }
    } finally {
      lines.flush();
    }
    return OK;
  }

  /** {@code [off..next] KeyValueRef { key: [..], timestamp: T, value: Some([..]) | None }}. */
  static String entryLine(int offset, int nextOffset, KeyValue kv) {
    StringBuilder sb = new StringBuilder(64);
    sb.append('[').append(offset).append("..").append(nextOffset).append("] KeyValueRef { key: ");
    appendBytes(sb, kv.key());
    sb.append(", timestamp: ").append(Long.toUnsignedString(kv.timestamp())).append(", value: ");
    if (kv.isTombstone()) {
      sb.append("None");
    } else {
      sb.append("Some(");
      appendBytes(sb, kv.value());
      sb.append(')');
    }
    return sb.append(" }").toString();
  }

  /** Rust's debug form of a byte slice: {@code [1, 2, 255]}, {@code []} when empty. */
  private static void appendBytes(StringBuilder sb, byte[] bytes) {
    sb.append('[');
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(bytes[i] & 0xff);
    }
    sb.append(']');
  }
}
