package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sst-from-plaintext --plaintext F --output SST [--timestamp]}, the Rust tool of the same
 * name: every line of F is {@code <key> <value>} (split on whitespace into exactly two tokens;
 * their UTF-8 bytes are key and value), added in file order, so keys must be strictly ascending
 * (else sort-order, naming the line). The timestamp is the 0-based line number, or with
 * {@code --timestamp} the current time in microseconds (computed as Rust does, through a double).
 *
 * <p>The table is written under a temporary name and published only when complete, never over
 * an existing file. An empty input gives an empty table (see {@link TableFiles#EMPTY_TABLE_NOTE}).
 */
@Command(
    name = "sst-from-plaintext",
    mixinStandardHelpOptions = true,
    description = {
      "Write a table from '<key> <value>' lines, as the Rust sst-from-plaintext does.",
      "Keys must be strictly ascending. Timestamp = 0-based line number, or the",
      "clock in microseconds with --timestamp. Refuses to overwrite the output."
    })
public final class SstFromPlaintextCommand extends ToolCommand {
  @Option(names = "--plaintext", required = true, paramLabel = "FILE",
      description = "Input: one '<key> <value>' per line, keys in strictly ascending order.")
  String plaintext;

  @Option(names = "--output", required = true, paramLabel = "SST",
      description = "The table to create; must not exist.")
  String output;

  @Option(names = "--timestamp",
      description = "Timestamps from the clock (microseconds since the epoch) instead of line numbers.")
  boolean timestamp;

  @Mixin SstOptionsMixin sstOptions;

  @Override
  protected int run() throws IOException, ToolFailure {
    SstOptions options = sstOptions.toOptions();
    try (InputStream in = new BufferedInputStream(open(Path.of(plaintext)), 1 << 16);
        SstWriter table = SstWriter.create(Path.of(output), options)) {
      RustLines lines = new RustLines(in);
      String line;
      while ((line = lines.next()) != null) {
        long lineNumber = lines.lineNumber();
        List<String> tokens = RustWhitespace.split(line);
        if (tokens.size() != 2) {
          throw new ToolFailure(
              "Invalid line: \"" + RustEscape.escape(line.getBytes(StandardCharsets.UTF_8))
                  + "\" (line " + lineNumber + " of " + plaintext
                  + ": need exactly two whitespace-separated tokens, key and value)");
        }
        long ts = timestamp ? nowMicros() : lineNumber - 1;
        try {
          table.put(
              tokens.get(0).getBytes(StandardCharsets.UTF_8),
              ts,
              tokens.get(1).getBytes(StandardCharsets.UTF_8));
        } catch (SstException e) {
          String why = e.code() == ErrorCode.SORT_ORDER ? ": keys must be strictly ascending" : "";
          throw new ToolFailure(
              e.getMessage() + " (line " + lineNumber + " of " + plaintext + why + ")");
        }
      }
      table.seal();
      if (table.items() == 0) {
        eprintln(spec.qualifiedName() + ": " + TableFiles.EMPTY_TABLE_NOTE);
      }
    }
    return OK;
  }

  /** Rust's {@code (SystemTime::now().as_secs_f64() * 1_000_000.0) as u64}. */
  static long nowMicros() {
    Instant now = Instant.now();
    double seconds = now.getEpochSecond() + now.getNano() / 1e9;
    return (long) (seconds * 1_000_000.0);
  }

  private static InputStream open(Path file) throws SstException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw SystemErrors.of(e, file);
    }
  }
}
