package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.table.SstCursor;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sst-dump SST...}: every item of each table, in table order, in the item-line format of the
 * Rust {@code sst-dump} ({@link ItemLineWriter}).
 *
 * <p>Unlike the Rust tool, which stops at the first tombstone (its loop runs while the cursor has
 * a value, FORMAT.md §8.2), every item is printed, tombstones included. For a table without
 * tombstones the output is the Rust tool's, byte for byte. A table with no items prints nothing.
 */
@Command(
    name = "sst-dump",
    mixinStandardHelpOptions = true,
    description = {
      "Print every item of the tables in table order, like the Rust sst-dump.",
      "Lines read  \"<key>\" @ <ts> -> \"<value>\"  or  \"<key>\" @ <ts> -> <TOMBSTONE>.",
      "Unlike the Rust sst-dump, which stops at the first tombstone, this prints",
      "every item, tombstones included; without tombstones the output is the same."
    })
public final class SstDumpCommand extends ToolCommand {
  @Parameters(arity = "1..*", paramLabel = "SST", description = "Table files.")
  List<String> tables;

  @Override
  protected int run() throws ToolFailure, dev.sstbeam.format.SstException {
    ItemLineWriter lines = new ItemLineWriter(out());
    try {
      for (String table : tables) {
        TableFiles.with(table, sst -> {
          try (SstCursor c = sst.cursor()) {
            c.seekToFirst();
            for (c.next(); c.hasItem(); c.next()) {
              lines.write(c.keyValue());
            }
          }
        });
      }
    } finally {
      lines.flush();
    }
    return OK;
  }
}
