package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.BlockRange;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code log-dump LOG...}: every item of each log, in log order, tombstones included, as the Rust
 * {@code log-dump} prints them ({@link ItemLineWriter}). On corruption the items read before it
 * stay printed, as in Rust, and the error follows on stderr.
 */
@Command(
    name = "log-dump",
    mixinStandardHelpOptions = true,
    description = {
      "Print every item of the logs, in log order, as the Rust log-dump does.",
      "Lines read  \"<key>\" @ <ts> -> \"<value>\"  or  \"<key>\" @ <ts> -> <TOMBSTONE>,",
      "with bytes escaped like Rust's std::ascii::escape_default."
    })
public final class LogDumpCommand extends ToolCommand {
  @Option(
      names = "--blocks",
      paramLabel = "A:B",
      converter = BlockRangeConverter.class,
      description = "Only the records owned by 1 MiB blocks [A, B) (a record belongs to the block"
          + " holding its first byte).")
  BlockRange blocks;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Log files.")
  List<String> logs;

  @Override
  protected int run() throws SstException, ToolFailure {
    ItemLineWriter lines = new ItemLineWriter(out());
    try {
      for (String log : logs) {
        try (LogReader reader = open(Path.of(log))) {
          KeyValue kv;
          while ((kv = reader.next()) != null) {
            lines.write(kv);
          }
        }
      }
    } finally {
      lines.flush();
    }
    return OK;
  }

  private LogReader open(Path log) throws SstException {
    return blocks == null
        ? LogReader.open(log)
        : LogRanges.openRange(log, blocks.firstBlock(), blocks.endBlock());
  }
}
