package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.Setsums;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The main job: logs → globally sorted, non-overlapping tables with {@code MANIFEST.json}, and in
 * the same pipeline the setsum audit of the conversion: the job fails unless
 * {@code setsum(logs) = setsum(tables) + setsum(dropped duplicates)}.
 *
 * <pre>
 * match patterns ─► LogIO.readFiles (block ranges) ─┬─► SstIO.write ─► MANIFEST ─┐
 *                                                   └─► Setsums, count ──────────┴─► balance check
 * </pre>
 *
 * Records travel in lists, one per 1 MiB log block ({@link LogIO.ReadFiles#inBlocks()}), so
 * runners with a per-element cost (the direct runner) handle a thousand times fewer elements.
 */
public final class ConvertJob {
  private ConvertJob() {}

  /** Builds the pipeline; the balance verdict is written to {@code resultFile}. */
  public static Pipeline build(PipelineOptions options, List<String> inputs, long blocksPerSplit,
      SstIO.Write write, String resultFile) {
    Pipeline p = Pipeline.create(options);
    PCollection<List<KeyValue>> blocks =
        p.apply("Patterns", Create.of(inputs))
            .apply("MatchLogs", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            .apply("OpenLogs", FileIO.readMatches())
            .apply("ReadLogs", LogIO.readFiles().withBlocksPerSplit(blocksPerSplit).inBlocks());
    PCollectionView<Setsum> inputSetsum =
        blocks.apply("InputSetsum", Setsums.ofBatches()).apply("InputSetsumView", View.asSingleton());
    PCollectionView<Long> inputCount =
        blocks.apply("BlockSizes", MapElements.into(TypeDescriptors.longs()).via(b -> (long) b.size()))
            .apply("InputCount", Sum.longsGlobally())
            .apply("InputCountView", View.asSingleton());
    blocks
        .apply("WriteTables", write.onBatches())
        .apply("CheckBalance",
            ParDo.of(new CheckBalanceFn(resultFile, inputSetsum, inputCount))
                .withSideInputs(inputSetsum, inputCount));
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

  /** Compares the input's setsum with the tables' plus the dropped duplicates'. */
  static final class CheckBalanceFn extends DoFn<SstManifest, Void> {
    private static final long serialVersionUID = 1L;
    private final String resultFile;
    private final PCollectionView<Setsum> inputSetsum;
    private final PCollectionView<Long> inputCount;

    CheckBalanceFn(String resultFile, PCollectionView<Setsum> inputSetsum, PCollectionView<Long> inputCount) {
      this.resultFile = resultFile;
      this.inputSetsum = inputSetsum;
      this.inputCount = inputCount;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      SstManifest m = c.element();
      Setsum in = c.sideInput(inputSetsum);
      long count = c.sideInput(inputCount);
      boolean balanced = in.equals(m.totalSetsum().plus(m.droppedSetsum()))
          && count == m.records + m.dropped.records;
      ResultFile.write(resultFile, "input " + in.hexDigest() + " " + count + "\n"
          + (balanced ? "balance OK" : "balance MISMATCH") + "\n");
    }
  }
}
