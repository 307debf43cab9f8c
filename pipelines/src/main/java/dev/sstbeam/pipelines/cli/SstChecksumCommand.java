package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.SstChecksum;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code sst-checksum [--fast] SST...}: per table one line {@code <setsum hexdigest> <path>}, the
 * path as given — the Rust {@code sst-checksum} output. Without {@code --fast} the setsum is
 * recomputed from every item, the data blocks shared out among threads ({@link SstChecksum}); with
 * {@code --fast} it is the setsum stored in the final block, which no CRC protects.
 */
@Command(
    name = "sst-checksum",
    mixinStandardHelpOptions = true,
    description = {
      "Print the setsum of each table, as the Rust sst-checksum does.",
      "One line '<setsum> <path>' per table. By default every item is read (data",
      "blocks in parallel) and the setsum recomputed; --fast prints the setsum",
      "stored in the table's footer instead, which no CRC protects."
    })
public final class SstChecksumCommand extends ToolCommand {
  @Option(names = "--fast",
      description = "Print the setsum stored in the final block; read no items.")
  boolean fast;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads reading data blocks (default: the number of processors, ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Parameters(arity = "1..*", paramLabel = "SST", description = "Table files.")
  List<String> tables;

  @Override
  protected int run() throws SstException, ToolFailure {
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    for (String table : tables) {
      TableFiles.with(table, sst -> {
        Setsum sum = fast ? sst.fastSetsum() : SstChecksum.of(sst, threads).setsum();
        println(sum.hexDigest() + " " + table);
        out().flush();
      });
    }
    return OK;
  }
}
