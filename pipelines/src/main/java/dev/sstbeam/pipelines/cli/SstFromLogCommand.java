package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.sort.ExternalSorter;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import dev.sstbeam.format.wire.EntryCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code sst-from-log --input LOG... --output SST}: the items of the logs, sorted into table order
 * (FORMAT.md §2.2), written as one table — the Rust {@code sst-from-log}, byte for byte, for any log
 * it accepts. Unlike Rust, which holds the whole log in memory, the items are sorted by an
 * {@link ExternalSorter} within {@code --memory} bytes, spilling sorted runs to {@code --temp-dir}
 * (default: the output's directory), so logs far larger than the heap convert.
 *
 * <p>Duplicates (same key and timestamp, which a log may hold and a table may not; Rust fails on
 * any): by default exact duplicates are dropped and counted on stderr, and a conflicting one
 * fails naming its key and timestamp; {@code --duplicates keep-first} keeps the first read,
 * {@code --duplicates fail} fails on any, as Rust does. The item {@code ("", u64::MAX)} can be in
 * no table (FORMAT.md §2.3) and fails the conversion at once, naming its log and offset.
 *
 * <p>Logs with no items give an empty table (see {@link TableFiles#EMPTY_TABLE_NOTE}) where Rust
 * leaves a 0-byte file that is not a table. The table is written under a temporary name and
 * published only when complete; on any failure no output is left.
 */
@Command(
    name = "sst-from-log",
    mixinStandardHelpOptions = true,
    description = {
      "Sort the items of logs into one table, as the Rust sst-from-log does.",
      "Same bytes, in bounded memory: sorted runs are spilled to --temp-dir and",
      "merged. Exact duplicates are dropped and counted on stderr by default (see",
      "--duplicates). Logs with no items give an empty table, which Rust 0.24.0",
      "cannot read. Refuses to overwrite the output."
    })
public final class SstFromLogCommand extends ToolCommand {
  static final long MIN_MEMORY = 1 << 20;

  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "LOG",
      description = "Logs to convert (one or more; repeatable).")
  List<String> inputs;

  @Option(names = "--output", required = true, paramLabel = "SST",
      description = "The table to create; must not exist.")
  String output;

  @Option(names = "--memory", paramLabel = "BYTES", defaultValue = "67108864",
      description = "Items held in memory before a sorted run is spilled, at least 1048576"
          + " (default: ${DEFAULT-VALUE}). Needs about 2x this much heap.")
  long memory;

  @Option(names = "--temp-dir", paramLabel = "DIR",
      description = "Where sorted runs are spilled, in a private subdirectory removed at the end"
          + " (default: the output's directory).")
  String tempDir;

  @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = "drop-exact",
      converter = DuplicatePolicyConverter.class,
      description = "Items with equal key and timestamp: drop-exact (the default) drops copies"
          + " that also have the same value and fails on any other; keep-first keeps the first"
          + " one read; fail fails on any, as Rust does.")
  DuplicatePolicy duplicates;

  @Mixin SstOptionsMixin sstOptions;

  @Override
  protected int run() throws IOException, ToolFailure {
    if (memory < MIN_MEMORY) {
      throw new ParameterException(spec.commandLine(),
          "--memory must be at least " + MIN_MEMORY + " bytes, not " + memory);
    }
    SstOptions options = sstOptions.toOptions();
    Path out = Path.of(output);
    Path spillDir = tempDir != null ? Path.of(tempDir) : out.toAbsolutePath().getParent();
    long dropped;
    long items;
    try (SstWriter table = SstWriter.create(out, options).hashInBackground().writeBehind();
        ExternalSorter sorter = new ExternalSorter(spillDir, memory, duplicates)) {
      try {
        for (String input : inputs) {
          read(input, sorter);
        }
        try (ExternalSorter.SortedItems sorted = sorter.sort()) {
          KeyValue kv;
          while ((kv = sorted.next()) != null) {
            table.add(kv);
          }
          dropped = sorted.droppedCount();
        }
      } catch (SstException e) {
        throw duplicateContext(e);
      }
      table.seal();
      items = table.items();
    }
    if (dropped > 0) {
      eprintln(spec.qualifiedName() + ": dropped " + dropped + " duplicate item"
          + (dropped == 1 ? "" : "s") + (duplicates == DuplicatePolicy.KEEP_FIRST
              ? " (keep-first: a key and timestamp already read)"
              : " (the same key, timestamp and value as an item kept)"));
    }
    if (items == 0) {
      eprintln(spec.qualifiedName() + ": " + TableFiles.EMPTY_TABLE_NOTE);
    }
    return OK;
  }

  /** Feeds every item of one log to the sorter, copied from where it lies in its record. */
  private static void read(String input, ExternalSorter sorter) throws SstException, ToolFailure {
    try (LogReader log = LogReader.open(Path.of(input))) {
      while (log.skipToNext()) {
        EntryCodec.DecodedEntry item = log.current();
        if (item.keyLength == 0 && item.timestamp == -1L) {
          throw new ToolFailure(ErrorCode.SORT_ORDER.code() + ": the log holds the item \"\" @ "
              + Long.toUnsignedString(item.timestamp) + " (the empty key at the largest timestamp),"
              + " which no table can store: it equals the table builder's starting position"
              + " (FORMAT.md §2.3); the record is at offset " + log.recordStart() + " in " + input);
        }
        sorter.add(item.buffer, item.keyOffset, item.keyLength, item.timestamp,
            item.put ? item.buffer : null, item.valueOffset, item.valueLength);
      }
    }
  }

  /** A duplicate the policy refused is found while sorting: name the inputs it came from. */
  private SstException duplicateContext(SstException e) {
    if (e.code() == ErrorCode.SORT_ORDER && e.file() == null) {
      return e.inFile(String.join(", ", inputs));
    }
    return e;
  }
}
