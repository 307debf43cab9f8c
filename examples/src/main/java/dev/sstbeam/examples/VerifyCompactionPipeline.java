package dev.sstbeam.examples;

import dev.sstbeam.beam.CompactionVerdict;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.VerifyCompaction;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Checks a compaction's output against its inputs, recomputing what the policy requires
 * independently of the compactor: prints the recomputed totals and the verdict, and the first
 * offending record if there is one.
 *
 * <pre>java ... dev.sstbeam.examples.VerifyCompactionPipeline /data/gen1 ['versions = 3'] [--runner=...]</pre>
 */
public final class VerifyCompactionPipeline {
  private VerifyCompactionPipeline() {}

  public static void main(String[] args) {
    String output = args[0];
    boolean withPolicy = args.length > 1 && !args[1].startsWith("--");
    String[] beamArgs = Arrays.copyOfRange(args, withPolicy ? 2 : 1, args.length);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());

    // The inputs are the parents and logs the output's manifest names (or give them with from()
    // and withLogs()); a policy given must be the one the manifest states.
    VerifyCompaction verify = SstIO.verifyCompaction(output).withNumPartitions(4);
    if (withPolicy) {
      verify = verify.withPolicy(args[1]);
    }
    p.apply("Verify", verify)
        .apply("Print", MapElements.into(TypeDescriptors.strings()).via((CompactionVerdict v) -> {
          System.out.println(v);                     // the totals, the failed checks, the verdict
          if (v.firstOffence() != null) {
            System.out.println("first offending record: " + v.firstOffence());
          }
          return v.ok() ? "OK" : "FAILED";
        }));
    p.run().waitUntilFinish();
  }
}
