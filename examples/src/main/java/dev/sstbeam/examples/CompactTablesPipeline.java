package dev.sstbeam.examples;

import dev.sstbeam.beam.CompactTables;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Compacts a table set and newer logs into a new generation of tables, keeping per key what a
 * garbage-collection policy of the Rust crate keeps over all the key's versions.
 *
 * <pre>java ... dev.sstbeam.examples.CompactTablesPipeline /data/gen0 /data/gen1 'versions = 3' NOW_MICROS ['/data/logs/*.log'] [--runner=...]</pre>
 */
public final class CompactTablesPipeline {
  private CompactTablesPipeline() {}

  public static void main(String[] args) {
    String tables = args[0];
    String output = args[1];
    String policy = args[2];                         // e.g. "any(versions = 3, ttl_micros = 86400000000)"
    long now = Long.parseUnsignedLong(args[3]);      // the compaction's time, in microseconds
    boolean withLogs = args.length > 4 && !args[4].startsWith("--");
    String[] beamArgs = Arrays.copyOfRange(args, withLogs ? 5 : 4, args.length);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());

    // The inputs: table sets (each a MANIFEST.json and its tables) and, optionally, newer logs.
    // Every version of a key meets in one key range, where the policy decides what stays.
    CompactTables compact = SstIO.compact().from(tables).withPolicy(policy).atMicros(now)
        .to(output).withNumPartitions(4);
    if (withLogs) {
      compact = compact.withLogs(args[4]);
    }

    // The output is published only when input = output + dropped duplicates + collected; its
    // manifest (version 2) records the generation, the parents, the policy, now, and that
    // accounting.
    p.apply("Compact", compact)
        .apply("Report", MapElements.into(TypeDescriptors.strings()).via((SstManifest m) -> {
          String line = "generation " + m.generation + ": kept " + m.records + " of "
              + m.compaction.input.records + " records, collected " + m.compaction.collected.records
              + ", dropped " + m.dropped.records + " duplicates; balance "
              + (m.compactionImbalance() == null ? "OK" : "MISMATCH");
          System.out.println(line);
          return line;
        }));
    try {
      p.run().waitUntilFinish();
    } catch (RuntimeException e) {
      // Removes what the failed job wrote and releases its claim on the output directory.
      compact.cleanUpAfterFailure();
      throw e;
    }
  }
}
