package dev.sstbeam.examples;

import dev.sstbeam.beam.LookupRequest;
import dev.sstbeam.beam.LookupResult;
import dev.sstbeam.beam.SstIO;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Point lookups in a table set as a pipeline: each key goes to the one table whose key range
 * holds it, which answers from its bloom filter or by a seek. (For a few keys without a pipeline,
 * {@code TableLookups.open(dir).lookUp(requests)} does the same.)
 *
 * <pre>java ... dev.sstbeam.examples.LookUpInTables /data/tables KEY... [--runner=...]</pre>
 */
public final class LookUpInTables {
  private LookUpInTables() {}

  public static void main(String[] args) {
    String tables = args[0];
    List<LookupRequest> requests = new ArrayList<>();
    int i = 1;
    for (; i < args.length && !args[i].startsWith("--"); i++) {
      // The newest version; LookupRequest.of(key, ts) reads as of timestamp ts instead.
      requests.add(LookupRequest.latest(args[i].getBytes(StandardCharsets.UTF_8)));
    }
    Pipeline p = Pipeline.create(
        PipelineOptionsFactory.fromArgs(Arrays.copyOfRange(args, i, args.length)).create());

    p.apply("Requests", Create.of(requests))
        .apply("LookUp", SstIO.lookup().in(tables))
        .apply("Print", MapElements.into(TypeDescriptors.strings()).via((LookupResult r) -> {
          String key = new String(r.request().key(), StandardCharsets.UTF_8);
          String line = r.isFound()                  // a tombstone reads as not found
              ? key + " @ " + Long.toUnsignedString(r.versionTimestamp()) + " -> "
                  + new String(r.value(), StandardCharsets.UTF_8)
              : key + ": not found";
          System.out.println(line);
          return line;
        }));
    p.run().waitUntilFinish();
  }
}
