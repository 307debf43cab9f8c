package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.BlockRange;
import dev.sstbeam.format.log.LogChecksum;
import dev.sstbeam.format.log.LogRanges;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code log-checksum LOG...}: per file one line {@code <setsum hexdigest> <path>}, the path as
 * given — the Rust {@code log-checksum} output. Each file is read by block ranges on several
 * threads ({@link LogChecksum}); the files one after the other, in the order given.
 */
@Command(
    name = "log-checksum",
    mixinStandardHelpOptions = true,
    description = {
      "Print the setsum of each log, as the Rust log-checksum does.",
      "One line '<setsum> <path>' per log; every item is read, by block ranges in parallel."
    })
public final class LogChecksumCommand extends ToolCommand {
  @Option(
      names = "--fast",
      description = "Accepted and ignored, like the Rust tool: a log's setsum is always computed.")
  boolean fast;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Reading threads per file (default: the number of processors, ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--blocks",
      paramLabel = "A:B",
      converter = BlockRangeConverter.class,
      description = "Only the records owned by 1 MiB blocks [A, B). The setsums of ranges that"
          + " partition a file add up to the file's.")
  BlockRange blocks;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Log files.")
  List<String> logs;

  @Override
  protected int run() throws SstException {
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    for (String log : logs) {
      LogChecksum sum;
      if (blocks == null) {
        sum = LogChecksum.of(Path.of(log), threads);
      } else {
        sum = LogChecksum.of(LogRanges.plan(Path.of(log)), blocks, threads);
      }
      println(sum.setsum().hexDigest() + " " + log);
      out().flush();
    }
    return OK;
  }
}
