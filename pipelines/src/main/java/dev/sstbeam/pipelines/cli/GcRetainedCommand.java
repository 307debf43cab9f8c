package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.gc.GarbageCollector;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.RetainedKey;
import dev.sstbeam.format.table.SstCursor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gc-retained --policy TEXT --now-micros N TABLE}: the (key, timestamp) pairs that a
 * compaction of the table under the policy must keep, as the Rust crate's {@code GarbageCollector}
 * yields them, one {@code KEYHEX TIMESTAMP} line each (the format of the golden vectors'
 * {@code retained.txt}: lowercase hex, unsigned decimal, so the empty key gives a line starting
 * with a space). An invalid policy or number is a usage error (exit 2); an unreadable table is the
 * usual one-line error (exit 1), after the pairs found before the damage.
 */
@Command(
    name = "gc-retained",
    mixinStandardHelpOptions = true,
    description = {
      "Print the (key, timestamp) pairs that a compaction of TABLE under a",
      "garbage-collection policy must keep, as the Rust sst crate's collector",
      "yields them: one line '<key hex> <timestamp>' each, in table order."
    })
public final class GcRetainedCommand extends ToolCommand {
  @Option(
      names = "--policy",
      required = true,
      paramLabel = "TEXT",
      converter = GcPolicyConverter.class,
      description = "The policy: versions = N, ttl_micros = N, any(P, ...), all(P, ...).")
  GcPolicy policy;

  @Option(
      names = "--now-micros",
      required = true,
      paramLabel = "N",
      converter = UnsignedLongConverter.class,
      description = "The time of the compaction, in microseconds (0 to 2^64 - 1); only"
          + " ttl_micros uses it.")
  Long nowMicros;

  @Parameters(index = "0", paramLabel = "TABLE", description = "The table file.")
  String table;

  @Override
  protected int run() throws ToolFailure, SstException {
    ItemLineWriter lines = new ItemLineWriter(out());
    try {
      TableFiles.with(table, sst -> {
        SstCursor cursor = sst.cursor();
        cursor.seekToFirst();
        cursor.next();
        try (GarbageCollector gc = policy.collector(cursor, nowMicros)) {
          for (RetainedKey k = gc.next(); k != null; k = gc.next()) {
            lines.writeLine(k.toRetainedLine());
          }
        }
      });
    } finally {
      lines.flush();
    }
    return OK;
  }
}
