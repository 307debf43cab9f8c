package dev.sstbeam.examples;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.Setsums;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A setsum audit: do the tables of a conversion hold exactly the records of its logs? Setsums are
 * order-independent, so both sides are summed in parallel, in any order, on any runner, and then
 * compared: setsum(logs) must equal setsum(tables) + setsum(duplicates the conversion dropped).
 *
 * <pre>java ... dev.sstbeam.examples.SetsumAudit '/data/logs/*.log' /data/tables</pre>
 */
public final class SetsumAudit {
  private SetsumAudit() {}

  public static void main(String[] args) {
    String logs = args[0];
    String tables = args[1];
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(
        java.util.Arrays.copyOfRange(args, 2, args.length)).create());

    // One side: every record of the logs, read by block ranges.
    PCollectionView<Setsum> logSide = p.apply("ReadLogs", LogIO.read().from(logs))
        .apply("LogSetsum", Setsums.globally())
        .apply(View.asSingleton());

    // The other: every record of the tables the manifest lists, re-read and re-summed.
    p.apply("ReadTables", SstIO.readManifest(tables))
        .apply("TableSetsum", Setsums.globally())
        .apply("Compare", ParDo.of(new DoFn<Setsum, Void>() {
          @ProcessElement
          public void compare(ProcessContext c) {
            Setsum logsSum = c.sideInput(logSide);
            Setsum dropped = manifest(tables).droppedSetsum();
            boolean ok = logsSum.equals(c.element().plus(dropped));
            System.out.println("logs    " + logsSum.hexDigest());
            System.out.println("tables  " + c.element().hexDigest());
            System.out.println("dropped " + dropped.hexDigest());
            System.out.println(ok ? "balance OK" : "balance MISMATCH");
          }
        }).withSideInputs(logSide));
    p.run().waitUntilFinish();
  }

  private static SstManifest manifest(String tables) {
    try {
      return SstManifest.readFromDirectory(tables);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
