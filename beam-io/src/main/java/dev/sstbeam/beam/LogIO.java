package dev.sstbeam.beam;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reading and writing Rust {@code sst} 0.24.0 logs.
 *
 * <pre>{@code
 * PCollection<KeyValue> records = p.apply(LogIO.read().from("/data/logs/*.log"));
 * records.apply(LogIO.write().to("/out/part").withNumShards(4));
 * }</pre>
 *
 * <p>Each log is read in parallel by ranges of 1 MiB blocks (a splittable DoFn over block
 * indices, {@link #read()}), returning every record exactly once — including logs with 1 MiB
 * batches whose frames run over block boundaries. Corruption fails the pipeline with the file,
 * byte offset and FORMAT.md §9 code; {@link Read#withCorruptRangesReported()} routes the unreadable
 * ranges to a separate output instead.
 */
public final class LogIO {
  /** Default blocks per initial split: 64 MiB of log. */
  public static final long DEFAULT_BLOCKS_PER_SPLIT = 64;

  /** In the output of the reporting reads: the records read. */
  public static final TupleTag<KeyValue> RECORDS = new TupleTag<KeyValue>() {};
  /** In the output of the reporting reads: the byte ranges that could not be read. */
  public static final TupleTag<CorruptRange> CORRUPT_RANGES = ReadLogRangesFn.CORRUPT;

  private LogIO() {}

  /** Reads the logs matching a file pattern. */
  public static Read read() {
    return new AutoValue_LogIO_Read.Builder()
        .setBlocksPerSplit(DEFAULT_BLOCKS_PER_SPLIT)
        .setEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW)
        .build();
  }

  /** Reads the logs of a {@code PCollection<ReadableFile>} (e.g. from {@link FileIO#match()}). */
  public static ReadFiles readFiles() {
    return new AutoValue_LogIO_ReadFiles.Builder()
        .setBlocksPerSplit(DEFAULT_BLOCKS_PER_SPLIT)
        .setReportCorruptRanges(false)
        .build();
  }

  /** Writes records as logs, sharded, through temporary files and a finalize step. */
  public static Write write() {
    return new AutoValue_LogIO_Write.Builder().setNumShards(0).setBatchBytes(64 << 10).build();
  }

  /** {@link #read()}. */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<KeyValue>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable String getFilepattern();

    abstract long getBlocksPerSplit();

    abstract EmptyMatchTreatment getEmptyMatchTreatment();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setFilepattern(String pattern);

      abstract Builder setBlocksPerSplit(long blocks);

      abstract Builder setEmptyMatchTreatment(EmptyMatchTreatment treatment);

      abstract Read build();
    }

    /** The logs to read: a file pattern of any Beam filesystem. */
    public Read from(String filepattern) {
      checkArgument(filepattern != null && !filepattern.isEmpty(), "from(): the file pattern is empty");
      return toBuilder().setFilepattern(filepattern).build();
    }

    /** Blocks (1 MiB each) per initial split; runners split dynamically below that. */
    public Read withBlocksPerSplit(long blocks) {
      checkArgument(blocks >= 1, "withBlocksPerSplit(%s): must be at least 1", blocks);
      return toBuilder().setBlocksPerSplit(blocks).build();
    }

    /** What to do when the pattern matches no file (default: fail). */
    public Read withEmptyMatchTreatment(EmptyMatchTreatment treatment) {
      return toBuilder().setEmptyMatchTreatment(treatment).build();
    }

    /**
     * Instead of failing on corruption, report unreadable byte ranges: the result holds
     * {@link LogIO#RECORDS} and {@link LogIO#CORRUPT_RANGES}.
     */
    public PTransform<PBegin, PCollectionTuple> withCorruptRangesReported() {
      Read self = this;
      return new PTransform<PBegin, PCollectionTuple>("ReadLogsReportingCorruption") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollectionTuple expand(PBegin input) {
          return self.matches(input).apply("ReadLogRanges", self.files().reportingCorruptRanges());
        }
      };
    }

    /**
     * The same records, grouped by the 1 MiB block each starts in: one {@code List} per block.
     * For pipelines that process records in bulk: far fewer elements (one per MiB), which matters
     * on runners with a per-element cost such as the direct runner.
     */
    public PTransform<PBegin, PCollection<List<KeyValue>>> inBlocks() {
      Read self = this;
      return new PTransform<PBegin, PCollection<List<KeyValue>>>("ReadLogBlocks") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollection<List<KeyValue>> expand(PBegin input) {
          return self.matches(input).apply("ReadLogRanges", self.files().inBlocks());
        }
      };
    }

    @Override
    public PCollection<KeyValue> expand(PBegin input) {
      return matches(input).apply("ReadLogRanges", files());
    }

    private PCollection<FileIO.ReadableFile> matches(PBegin input) {
      checkArgument(getFilepattern() != null, "LogIO.read(): call from(filepattern) first");
      return input
          .apply("MatchLogs", FileIO.match().filepattern(getFilepattern())
              .withEmptyMatchTreatment(getEmptyMatchTreatment()))
          .apply("ReadMatches", FileIO.readMatches());
    }

    private ReadFiles files() {
      return readFiles().withBlocksPerSplit(getBlocksPerSplit());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("filePattern", getFilepattern()).withLabel("Input logs"))
          .add(DisplayData.item("blocksPerSplit", getBlocksPerSplit()).withLabel("1 MiB blocks per split"))
          .add(DisplayData.item("emptyMatchTreatment", getEmptyMatchTreatment().toString()));
    }
  }

  /** {@link #readFiles()}. */
  @AutoValue
  public abstract static class ReadFiles
      extends PTransform<PCollection<FileIO.ReadableFile>, PCollection<KeyValue>> {
    private static final long serialVersionUID = 1L;

    abstract long getBlocksPerSplit();

    abstract boolean getReportCorruptRanges();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setBlocksPerSplit(long blocks);

      abstract Builder setReportCorruptRanges(boolean report);

      abstract ReadFiles build();
    }

    /** Blocks (1 MiB each) per initial split. */
    public ReadFiles withBlocksPerSplit(long blocks) {
      checkArgument(blocks >= 1, "withBlocksPerSplit(%s): must be at least 1", blocks);
      return toBuilder().setBlocksPerSplit(blocks).build();
    }

    /** As {@link Read#withCorruptRangesReported()}. */
    public PTransform<PCollection<FileIO.ReadableFile>, PCollectionTuple> reportingCorruptRanges() {
      ReadFiles reporting = toBuilder().setReportCorruptRanges(true).build();
      return new PTransform<PCollection<FileIO.ReadableFile>, PCollectionTuple>("ReadLogFiles") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollectionTuple expand(PCollection<FileIO.ReadableFile> input) {
          return reporting.expandTuple(input);
        }
      };
    }

    /** As {@link Read#inBlocks()}: one {@code List} of records per 1 MiB block. */
    public PTransform<PCollection<FileIO.ReadableFile>, PCollection<List<KeyValue>>> inBlocks() {
      ReadFiles self = this;
      return new PTransform<PCollection<FileIO.ReadableFile>, PCollection<List<KeyValue>>>("ReadLogBlocks") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollection<List<KeyValue>> expand(PCollection<FileIO.ReadableFile> input) {
          return self.readBlocks(input).get(ReadLogRangesFn.BLOCKS);
        }
      };
    }

    /**
     * As {@link #inBlocks()}, each list keyed by the log it was read from (the file's resource
     * name), e.g. for a setsum per log.
     */
    public PTransform<PCollection<FileIO.ReadableFile>, PCollection<KV<String, List<KeyValue>>>>
        inBlocksByFile() {
      ReadFiles self = this;
      return new PTransform<PCollection<FileIO.ReadableFile>, PCollection<KV<String, List<KeyValue>>>>(
          "ReadLogBlocksByFile") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollection<KV<String, List<KeyValue>>> expand(PCollection<FileIO.ReadableFile> input) {
          PCollectionTuple read =
              input.apply(
                  "ReadBlockRanges",
                  ParDo.of(new ReadLogRangesFn(self.getBlocksPerSplit(), false,
                      ReadLogRangesFn.Output.BLOCKS_BY_FILE))
                      .withOutputTags(ReadLogRangesFn.BLOCKS,
                          TupleTagList.of(CORRUPT_RANGES).and(ReadLogRangesFn.BLOCKS_BY_FILE)));
          read.get(ReadLogRangesFn.BLOCKS).setCoder(ListCoder.of(KeyValueCoder.of()));
          setCorruptRangeCoder(read.get(CORRUPT_RANGES));
          return read.get(ReadLogRangesFn.BLOCKS_BY_FILE)
              .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(KeyValueCoder.of())));
        }
      };
    }

    /**
     * Not the records but how many there are and their setsum: one {@link RecordTotals} per
     * claimed block of a log (sum them, e.g. with {@link RecordTotals#sum()}). The same ranges and
     * claims as the records, so every record is counted once, dynamic splits included; each is
     * hashed where it lies in the log, and no record becomes an element, which makes this far
     * cheaper than hashing {@link #inBlocks()}. Corruption fails the pipeline.
     */
    public PTransform<PCollection<FileIO.ReadableFile>, PCollection<RecordTotals>> totals() {
      checkArgument(!getReportCorruptRanges(), "totals(): corrupt ranges cannot be reported");
      ReadFiles self = this;
      return new PTransform<PCollection<FileIO.ReadableFile>, PCollection<RecordTotals>>("LogTotals") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollection<RecordTotals> expand(PCollection<FileIO.ReadableFile> input) {
          PCollectionTuple read =
              input.apply(
                  "TotalBlockRanges",
                  ParDo.of(new ReadLogRangesFn(self.getBlocksPerSplit(), false, ReadLogRangesFn.Output.TOTALS))
                      .withOutputTags(ReadLogRangesFn.BLOCKS,
                          TupleTagList.of(CORRUPT_RANGES).and(ReadLogRangesFn.TOTALS)));
          read.get(ReadLogRangesFn.BLOCKS).setCoder(ListCoder.of(KeyValueCoder.of()));
          setCorruptRangeCoder(read.get(CORRUPT_RANGES));
          return read.get(ReadLogRangesFn.TOTALS).setCoder(RecordTotals.coder());
        }
      };
    }

    @Override
    public PCollection<KeyValue> expand(PCollection<FileIO.ReadableFile> input) {
      return expandTuple(input).get(RECORDS);
    }

    private PCollectionTuple readBlocks(PCollection<FileIO.ReadableFile> input) {
      PCollectionTuple read =
          input.apply(
              "ReadBlockRanges",
              ParDo.of(new ReadLogRangesFn(getBlocksPerSplit(), getReportCorruptRanges()))
                  .withOutputTags(ReadLogRangesFn.BLOCKS, TupleTagList.of(CORRUPT_RANGES)));
      read.get(ReadLogRangesFn.BLOCKS).setCoder(ListCoder.of(KeyValueCoder.of()));
      return read;
    }

    PCollectionTuple expandTuple(PCollection<FileIO.ReadableFile> input) {
      PCollectionTuple read = readBlocks(input);
      PCollection<KeyValue> records =
          read.get(ReadLogRangesFn.BLOCKS)
              .apply("FlattenBlocks", Flatten.iterables())
              .setCoder(KeyValueCoder.of());
      PCollection<CorruptRange> corrupt = read.get(CORRUPT_RANGES);
      setCorruptRangeCoder(corrupt);
      return PCollectionTuple.of(RECORDS, records).and(CORRUPT_RANGES, corrupt);
    }

    private static void setCorruptRangeCoder(PCollection<CorruptRange> corrupt) {
      try {
        corrupt.setCoder(corrupt.getPipeline().getSchemaRegistry().getSchemaCoder(CorruptRange.class));
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException("CorruptRange has no schema", e);
      }
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("blocksPerSplit", getBlocksPerSplit()).withLabel("1 MiB blocks per split"))
          .add(DisplayData.item("reportCorruptRanges", getReportCorruptRanges()));
    }
  }

  /** {@link #write()}. */
  @AutoValue
  public abstract static class Write
      extends PTransform<PCollection<KeyValue>, WriteFilesResult<Void>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable String getPrefix();

    abstract int getNumShards();

    abstract int getBatchBytes();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setPrefix(String prefix);

      abstract Builder setNumShards(int shards);

      abstract Builder setBatchBytes(int bytes);

      abstract Write build();
    }

    /**
     * Output files are {@code PREFIX-SSSSS-of-NNNNN.log}: e.g. {@code to("/out/part")} writes
     * {@code /out/part-00000-of-00004.log} ….
     */
    public Write to(String prefix) {
      checkArgument(prefix != null && !prefix.isEmpty(), "to(): the output prefix is empty");
      return toBuilder().setPrefix(prefix).build();
    }

    /** Number of output files; 0 (default) lets the runner choose. */
    public Write withNumShards(int shards) {
      checkArgument(shards >= 0, "withNumShards(%s): must not be negative", shards);
      return toBuilder().setNumShards(shards).build();
    }

    /** Target bytes per write batch (one log record); at most 1 MiB. Default 64 KiB. */
    public Write withBatchBytes(int bytes) {
      checkArgument(bytes >= 1 && bytes <= Limits.LOG_BLOCK_SIZE,
          "withBatchBytes(%s): must be in 1..%s", bytes, Limits.LOG_BLOCK_SIZE);
      return toBuilder().setBatchBytes(bytes).build();
    }

    @Override
    public WriteFilesResult<Void> expand(PCollection<KeyValue> input) {
      checkArgument(getPrefix() != null, "LogIO.write(): call to(prefix) first");
      ResourceId prefix = FileSystems.matchNewResource(getPrefix(), false);
      ResourceId dir = prefix.getCurrentDirectory();
      String name = prefix.getFilename() == null ? "" : prefix.getFilename();
      FileIO.Write<Void, KeyValue> write =
          FileIO.<KeyValue>write()
              .via(new LogSink(getBatchBytes()))
              .to(dir.toString())
              .withPrefix(name)
              .withSuffix(".log");
      if (getNumShards() > 0) {
        write = write.withNumShards(getNumShards());
      }
      return input.apply("WriteLogs", write);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("prefix", getPrefix()).withLabel("Output prefix"))
          .add(DisplayData.item("numShards", getNumShards()))
          .add(DisplayData.item("batchBytes", getBatchBytes()));
    }

  }
}
