package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * The main job: logs → globally sorted, non-overlapping tables with {@code MANIFEST.json}, and in
 * the same pipeline the setsum audit of the conversion: the job fails unless
 * {@code setsum(logs) = setsum(tables) + setsum(dropped duplicates)}.
 *
 * <pre>
 * match patterns ─► SstIO.write().onLogFiles (block ranges read and sorted into runs, balance checked) ─► MANIFEST ─► verdict
 * </pre>
 *
 * The write counts and hashes every record as it reads it ({@link SstIO.Write#withBalanceCheck()})
 * and publishes only when that equals the tables' setsum and count plus the dropped duplicates';
 * the tables' setsums are hashed from the records as they are written. One hash of each record
 * on the way in and one on the way out, in the same steps that hold the records, instead of a
 * second branch over the blocks (a combine and two side inputs: about 4 of 22 CPU-seconds on the
 * direct runner for the 1,000,000-record benchmark log). The check starts where each record is
 * decoded from its log record: it covers the copy into the sort buffer, sorting, runs, merging
 * and writing.
 *
 * Records are read by the same 1 MiB-block-aligned ranges as {@link LogIO#readFiles()} and go
 * from the log straight into the sort buffer of the step that reads them ({@link
 * SstIO.Write#onLogFiles}): no element per record or per block, so the direct runner neither
 * holds a backlog of blocks between the steps nor has their records copied by the collector
 * (convert of the benchmark log: CPU and wall time measured in README "Benchmarks").
 */
public final class ConvertJob {
  private ConvertJob() {}

  /**
   * Builds the pipeline; the balance verdict is written to {@code resultFile}. The write is run
   * with its balance check (the same job, so {@code write.cleanUpAfterFailure()} still applies).
   */
  public static Pipeline build(PipelineOptions options, List<String> inputs, long blocksPerSplit,
      SstIO.Write write, String resultFile) {
    Pipeline p = Pipeline.create(options);
    p.apply("Patterns", Create.of(inputs))
        .apply("MatchLogs", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("OpenLogs", FileIO.readMatches())
        .apply("WriteTables", write.withBalanceCheck().onLogFiles(blocksPerSplit))
        .apply("CheckBalance", ParDo.of(new CheckBalanceFn(resultFile)));
    return p;
  }

  /** The verdict of {@link CheckBalanceFn}, parsed by the command. */
  public static final class Verdict {
    public final String inputSetsum;
    public final long inputRecords;
    public final boolean balanced;

    Verdict(String inputSetsum, long inputRecords, boolean balanced) {
      this.inputSetsum = inputSetsum;
      this.inputRecords = inputRecords;
      this.balanced = balanced;
    }

    /** Parses {@code input SETSUM RECORDS\nbalance OK|MISMATCH}. */
    public static Verdict parse(String text) {
      String[] lines = text.split("\n");
      String[] input = lines[0].split(" ");
      return new Verdict(input[1], Long.parseLong(input[2]), lines[1].equals("balance OK"));
    }
  }

  /**
   * Compares the input's setsum, as the write counted it, with the tables' plus the dropped
   * duplicates' (the write published the tables only if they balance; this writes the verdict).
   */
  static final class CheckBalanceFn extends DoFn<SstManifest, Void> {
    private static final long serialVersionUID = 1L;
    private final String resultFile;

    CheckBalanceFn(String resultFile) {
      this.resultFile = resultFile;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      SstManifest m = c.element();
      if (m.input == null) {
        throw new IllegalStateException("the write did not count its input");
      }
      Setsum in = m.input.toSetsum();
      long count = m.input.records;
      boolean balanced = in.equals(m.totalSetsum().plus(m.droppedSetsum()))
          && count == m.records + m.dropped.records;
      ResultFile.write(resultFile, "input " + in.hexDigest() + " " + count + "\n"
          + (balanced ? "balance OK" : "balance MISMATCH") + "\n");
    }
  }
}
