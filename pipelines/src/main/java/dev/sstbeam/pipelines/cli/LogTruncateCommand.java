package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogRepair;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code log-truncate-final-partial-frame [--truncate] [--truncate-to N] [--repair] LOG}: the Rust
 * tool's messages and exit statuses (FORMAT.md §8.3), which are:
 *
 * <pre>
 * not exactly one LOG                      stderr "specify exactly one sst"                      exit 1
 * nothing to cut                           stdout "truncate cannot help"                         exit 0
 * cut at o, no --truncate                  stdout "truncate to o bytes"                          exit 0
 * --truncate without --truncate-to         stderr "not truncating: specify --truncate-to o to truncate"  exit 2
 * --truncate-to N with N != o or o > 2^31-1  stderr "not truncating: required offset=o, specified offset=N"  exit 2
 * --truncate --truncate-to o               truncates to o bytes, prints nothing              exit 0
 * the truncation fails                     stderr "truncate failed: ..."                         exit 3
 * </pre>
 *
 * {@code --truncate-to} without {@code --truncate} is ignored. By default the cut point is Rust's
 * {@code truncate_final_partial_frame} (FORMAT.md §4.7: only a log that ends cleanly after a FIRST
 * frame can be helped); a read error there is this tool's usual one-line error, exit 1 (Rust
 * panics). {@code --repair}, our extension, uses {@link LogRepair#findTruncationPoint}, which also
 * cuts a log that ends inside any frame, with the same messages and safety rules.
 */
@Command(
    name = "log-truncate-final-partial-frame",
    mixinStandardHelpOptions = true,
    description = {
      "Find (and cut) the torn end of a log, as the Rust tool does.",
      "Prints 'truncate to N bytes' or 'truncate cannot help'; cuts only with",
      "--truncate --truncate-to N, where N must be the offset it printed."
    })
public final class LogTruncateCommand extends ToolCommand {
  @Option(names = "--truncate", description = "Perform the truncation (default: print the offset).")
  boolean truncate;

  @Option(
      names = "--truncate-to",
      paramLabel = "N",
      converter = UnsignedLongConverter.class,
      description = "Truncate to this length, which must be the offset found (requires --truncate).")
  Long truncateTo;

  @Option(
      names = "--repair",
      description = "Also handle a log cut inside any frame (header, payload, padding), not only"
          + " after a FIRST frame. Corruption before the torn tail is still an error.")
  boolean repair;

  @Parameters(arity = "0..*", paramLabel = "LOG", description = "The log file (exactly one).")
  List<String> logs = List.of();

  @Override
  protected int run() throws SstException {
    if (logs.size() != 1) {
      eprintln("specify exactly one sst");
      return 1;
    }
    Path log = Path.of(logs.get(0));
    OptionalLong cut =
        repair ? LogRepair.findTruncationPoint(log) : LogRepair.truncateFinalPartialFrame(log);
    if (cut.isEmpty()) {
      println("truncate cannot help");
      return OK;
    }
    long offset = cut.getAsLong();
    if (!truncate) {
      println("truncate to " + offset + " bytes");
      return OK;
    }
    if (truncateTo == null) {
      eprintln("not truncating: specify --truncate-to " + offset + " to truncate");
      return 2;
    }
    if (offset != truncateTo || offset > Integer.MAX_VALUE) {
      eprintln(
          "not truncating: required offset=" + offset
              + ", specified offset=" + Long.toUnsignedString(truncateTo));
      return 2;
    }
    try {
      LogRepair.truncate(log, offset);
    } catch (SstException e) {
      eprintln("truncate failed: " + e.getMessage());
      return 3;
    }
    return OK;
  }
}
