package dev.sstbeam.beam;

import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * For {@link SstIO#verifyCompaction}: adds up the key ranges' checks and the logs' runs, holds the
 * recomputed totals against the output's manifest, and writes the {@link CompactionVerdict}.
 * Deletes the logs' sorted runs.
 */
final class VerdictFn extends DoFn<Integer, CompactionVerdict> {
  private static final long serialVersionUID = 1L;

  private final String manifest;
  private final String policy;
  private final long nowMicros;
  private final int tableSets;
  private final List<String> logs;
  private final RecordTotals declaredParents;
  private final List<String> problemsSoFar;
  private final @Nullable String tempDirectory;
  private final PCollectionView<List<RangeCheck>> checksView;
  private final PCollectionView<List<RunInfo>> runsView;
  private final @Nullable PCollectionView<List<KV<String, RecordTotals>>> logTotalsView;

  VerdictFn(SstManifest manifest, GcPolicy policy, long nowMicros, int tableSets, List<String> logs,
      RecordTotals declaredParents, List<String> problemsSoFar,
      @Nullable String tempDirectory, PCollectionView<List<RangeCheck>> checksView,
      PCollectionView<List<RunInfo>> runsView,
      @Nullable PCollectionView<List<KV<String, RecordTotals>>> logTotalsView) {
    this.manifest = manifest.toJson();
    this.policy = policy.toString();
    this.nowMicros = nowMicros;
    this.tableSets = tableSets;
    this.logs = List.copyOf(logs);
    this.declaredParents = declaredParents;
    this.problemsSoFar = List.copyOf(problemsSoFar);
    this.tempDirectory = tempDirectory;
    this.checksView = checksView;
    this.runsView = runsView;
    this.logTotalsView = logTotalsView;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    SstManifest m = SstManifest.fromJson(manifest);
    List<RangeCheck> checks = new ArrayList<>(c.sideInput(checksView));
    checks.sort(Comparator.comparingInt(r -> r.partition));
    RecordTotals input = new RecordTotals();
    RecordTotals dropped = new RecordTotals();
    RecordTotals required = new RecordTotals();
    RecordTotals collected = new RecordTotals();
    RecordTotals output = new RecordTotals();
    long[] offenses = new long[CompactionVerdict.Offense.values().length];
    CompactionVerdict.Record first = null;
    for (RangeCheck r : checks) {
      input.add(r.input);
      dropped.add(r.dropped);
      required.add(r.required);
      collected.add(r.collected);
      output.add(r.output);
      for (int i = 0; i < offenses.length; i++) {
        offenses[i] += r.offenses[i];
      }
      if (first == null) {
        first = r.first;
      }
    }
    for (RunInfo run : c.sideInput(runsView)) { // tables have none
      // Duplicates a log's run set aside while it was sorted: read, and dropped.
      RecordTotals setAside = new RecordTotals(run.droppedRecords, Setsum.fromHexDigest(run.droppedSetsum));
      dropped.add(setAside);
      input.add(setAside);
    }
    List<String> logsRead = new ArrayList<>();
    RecordTotals declared = new RecordTotals().add(declaredParents);
    if (logTotalsView != null) {
      for (KV<String, RecordTotals> kv : c.sideInput(logTotalsView)) {
        logsRead.add(kv.getValue().records + " " + kv.getValue().setsum.hexDigest());
        declared.add(kv.getValue());
      }
    }
    while (logsRead.size() < logs.size()) {
      logsRead.add("0 " + new Setsum().hexDigest()); // a log without records
    }

    List<String> problems = new ArrayList<>();
    long offending = 0;
    for (long n : offenses) {
      offending += n;
    }
    if (offending > 0) {
      StringBuilder sb = new StringBuilder(offending + " offending record" + (offending == 1 ? "" : "s") + " (");
      String sep = "";
      for (CompactionVerdict.Offense kind : CompactionVerdict.Offense.values()) {
        if (offenses[kind.ordinal()] > 0) {
          sb.append(sep).append(kind).append(' ').append(offenses[kind.ordinal()]);
          sep = ", ";
        }
      }
      problems.add(sb.append("); the first: ").append(first).toString());
    }
    problems.addAll(problemsSoFar);
    compare(problems, "output", "the tables hold", output, "the manifest says", m.records, m.setsum);
    compare(problems, "dropped", "recomputed", dropped, "the manifest says", m.dropped.records,
        m.dropped.setsum);
    compare(problems, "collected", "recomputed", collected, "the manifest says",
        m.compaction.collected.records, m.compaction.collected.setsum);
    compare(problems, "input", "read", input, "the manifest says", m.compaction.input.records,
        m.compaction.input.setsum);
    compare(problems, "input", "the parents' manifests and the logs hold", declared,
        "the manifest says", m.compaction.input.records, m.compaction.input.setsum);
    List<String> stated = new ArrayList<>();
    for (SstManifest.Log log : m.compaction.logs) {
      stated.add(log.records + " " + log.setsum);
    }
    logsRead.sort(null);
    stated.sort(null);
    if (!logsRead.equals(stated)) {
      problems.add("logs: read " + logsRead + " (records setsum), the manifest lists " + stated);
    }
    String imbalance = m.compactionImbalance();
    if (imbalance != null) {
      problems.add("balance: the manifest's accounting does not hold: " + imbalance);
    }

    List<String> report = new ArrayList<>();
    report.add("policy    " + policy + " at now " + Long.toUnsignedString(nowMicros));
    report.add("input     " + line(input) + " (" + tableSets + " table set" + (tableSets == 1 ? "" : "s")
        + ", " + logs.size() + " log" + (logs.size() == 1 ? "" : "s") + ")");
    report.add("output    " + line(output) + " (" + m.tables.size() + " table"
        + (m.tables.size() == 1 ? "" : "s") + ", generation " + m.generation + ")");
    report.add("dropped   " + line(dropped));
    report.add("collected " + line(collected));
    report.add("required  " + line(required) + " (" + checks.size() + " key range"
        + (checks.size() == 1 ? "" : "s") + ")");
    if (tempDirectory != null) {
      FinalizeTablesFn.deleteTemporaryFiles(BeamFiles.directory(tempDirectory));
    }
    c.output(new CompactionVerdict(report, problems, first));
  }

  private static String line(RecordTotals t) {
    return t.setsum.hexDigest() + " " + t.records + " records";
  }

  private static void compare(List<String> problems, String what, String ours, RecordTotals recomputed,
      String theirs, long records, String setsum) {
    if (recomputed.records != records || !recomputed.setsum.hexDigest().equals(setsum)) {
      problems.add(what + ": " + ours + " " + line(recomputed) + ", " + theirs + " " + setsum + " "
          + records + " records");
    }
  }
}
