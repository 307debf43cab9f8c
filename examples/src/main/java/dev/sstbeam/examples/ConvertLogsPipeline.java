package dev.sstbeam.examples;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.Setsums;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Your own Beam pipeline over sst files: read logs in parallel, keep what you want, write sorted
 * tables, and compute a setsum of the input on the way.
 *
 * <pre>java ... dev.sstbeam.examples.ConvertLogsPipeline '/data/logs/*.log' /data/tables [--runner=...]</pre>
 */
public final class ConvertLogsPipeline {
  private ConvertLogsPipeline() {}

  public static void main(String[] args) {
    String logs = args[0];
    String tables = args[1];
    String[] beamArgs = java.util.Arrays.copyOfRange(args, 2, args.length);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());

    // Each log is read by ranges of 1 MiB blocks, in parallel; every record comes out once.
    PCollection<KeyValue> records = p.apply("ReadLogs", LogIO.read().from(logs));

    // Any Beam transform fits here: here, drop the tombstones.
    PCollection<KeyValue> live = records.apply("DropTombstones", Filter.by(kv -> !kv.isTombstone()));

    // Globally sorted, non-overlapping tables, with MANIFEST.json listing their key ranges. The
    // write claims the directory while it runs: a second job writing there fails.
    SstIO.Write write = SstIO.write().to(tables).withNumPartitions(4);
    PCollection<SstManifest> manifest = live.apply("WriteTables", write);

    // Setsums are a Combine: the setsum of what was written equals the manifest's.
    PCollection<Setsum> written = live.apply("Setsum", Setsums.globally());
    manifest.apply("Report", MapElements.into(TypeDescriptors.strings())
        .via(m -> {
          System.out.println("wrote " + m.records + " records in " + m.tables.size()
              + " tables, setsum " + m.setsum);
          return m.setsum;
        }));
    written.apply("ReportInput", MapElements.into(TypeDescriptors.strings())
        .via(s -> {
          System.out.println("setsum of the records kept " + s.hexDigest());
          return s.hexDigest();
        }));
    try {
      p.run().waitUntilFinish();
    } catch (RuntimeException e) {
      // Removes the write's temporary files and releases its claim, so the same command can run
      // again once the cause is fixed.
      write.cleanUpAfterFailure();
      throw e;
    }
  }
}
