package dev.sstbeam.beam;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * For {@link SstIO#compact()}: the compaction's description that the finalize step starts the
 * manifest from — the generation, parents, policy and now known when the pipeline was built, plus
 * each log's records as read ({@link RecordTotals} per file; a log without records counts 0) —
 * and the input totals, parents' plus logs'.
 */
final class DescribeCompactionFn extends DoFn<Integer, SstManifest> {
  private static final long serialVersionUID = 1L;

  private final String description;
  private final List<String> logs;
  private final @Nullable PCollectionView<List<KV<String, RecordTotals>>> logTotals;

  DescribeCompactionFn(SstManifest description, List<String> logs,
      @Nullable PCollectionView<List<KV<String, RecordTotals>>> logTotals) {
    this.description = description.toJson();
    this.logs = logs;
    this.logTotals = logTotals;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    SstManifest m = SstManifest.fromJson(description);
    RecordTotals input = new RecordTotals();
    for (SstManifest.Parent parent : m.compaction.parents) {
      input.add(new RecordTotals(parent.records,
          dev.sstbeam.format.setsum.Setsum.fromHexDigest(parent.setsum)));
    }
    Map<String, RecordTotals> read = new HashMap<>();
    if (logTotals != null) {
      for (KV<String, RecordTotals> kv : c.sideInput(logTotals)) {
        read.put(kv.getKey(), kv.getValue());
      }
    }
    for (String file : logs) {
      RecordTotals totals = read.getOrDefault(file, new RecordTotals());
      SstManifest.Log log = new SstManifest.Log();
      log.file = file;
      log.records = totals.records;
      log.setsum = totals.setsum.hexDigest();
      m.compaction.logs.add(log);
      input.add(totals);
    }
    read.keySet().removeAll(logs);
    if (!read.isEmpty()) {
      throw new IOException("SstIO.compact(): records were read from logs that were not matched"
          + " when the pipeline was built: " + read.keySet());
    }
    m.compaction.input = input.toManifest();
    c.output(m);
  }
}
