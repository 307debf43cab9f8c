package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.SstInspector;
import dev.sstbeam.format.table.SstMetadata;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sst-stat SST...}: per table one line in the Rust {@code sst-stat} format (FORMAT.md §8.2):
 *
 * <pre>
 * PATH size=N metadata=SstMetadata { setsum: HEX, first_key: "ESC", last_key: "ESC",
 *     smallest_timestamp: N biggest_timestamp: N, file_size: N }
 * </pre>
 *
 * (one line; no comma after the smallest timestamp, as in Rust). Rust's {@code size} is
 * {@code size_of::<Sst>()} + the index block's bytes + 32 × the bloom filter's blocks; the first
 * term depends on the Rust build, so this prints the other two only
 * ({@link SstInspector#approximateSize()}). The keys are escaped like the item lines; a table with
 * no items has first key "" and last key eleven {@code \xff} bytes.
 */
@Command(
    name = "sst-stat",
    mixinStandardHelpOptions = true,
    description = {
      "Print the metadata of each table, as the Rust sst-stat does.",
      "'<path> size=<N> metadata=SstMetadata { setsum: .., first_key: \"..\", .. }'.",
      "size = index block bytes + 32 x bloom filter blocks (Rust also adds its",
      "in-memory struct size, which depends on the build)."
    })
public final class SstStatCommand extends ToolCommand {
  @Parameters(arity = "1..*", paramLabel = "SST", description = "Table files.")
  List<String> tables;

  @Override
  protected int run() throws SstException, ToolFailure {
    for (String table : tables) {
      TableFiles.with(table, sst -> {
        SstMetadata m = sst.metadata();
        println(table + " size=" + new SstInspector(sst).approximateSize()
            + " metadata=SstMetadata { setsum: " + m.setsum().hexDigest()
            + ", first_key: \"" + RustEscape.escape(m.firstKey())
            + "\", last_key: \"" + RustEscape.escape(m.lastKey())
            + "\", smallest_timestamp: " + Long.toUnsignedString(m.smallestTimestamp())
            + " biggest_timestamp: " + Long.toUnsignedString(m.biggestTimestamp())
            + ", file_size: " + m.fileSize() + " }");
        out().flush();
      });
    }
    return OK;
  }
}
