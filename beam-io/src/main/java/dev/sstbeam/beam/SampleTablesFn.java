package dev.sstbeam.beam;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.Sst;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * For {@link SstIO#compact()}: turns each table of the input table sets into a sorted run that the
 * key ranges are planned over and merged from, like the runs {@link SortIntoRunsFn} writes. The
 * table is opened (which checks its footer), must have the size and setsum its manifest lists, and
 * is sampled from its index block without reading its data: a divider every
 * {@link SstIO#SAMPLE_BYTES} of data blocks, weighted by the bytes of the blocks up to the next.
 */
final class SampleTablesFn extends DoFn<InputTable, RunInfo> {
  private static final long serialVersionUID = 1L;
  private static final HexFormat HEX = HexFormat.of();
  /** Fewest samples a table takes (if it has that many blocks), as for runs. */
  private static final int MIN_SAMPLES_PER_TABLE = 16;

  private final long sampleBytes;

  SampleTablesFn(long sampleBytes) {
    this.sampleBytes = sampleBytes;
  }

  @ProcessElement
  public void process(@Element InputTable table, OutputReceiver<RunInfo> out) throws IOException {
    out.output(sample(table));
  }

  /** The table as a run, checked against its manifest entry. */
  RunInfo sample(InputTable table) throws IOException {
    SstManifest.Table entry = table.entry;
    List<byte[]> samples = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    try (Sst sst = Sst.open(BeamFiles.openSeekable(FileSystems.matchNewResource(table.file, false)),
        table.file)) {
      if (sst.fileSize() != entry.bytes) {
        throw new IOException(table.file + " has " + sst.fileSize() + " bytes, but its manifest lists "
            + entry.bytes);
      }
      if (!sst.fastSetsum().equals(Setsum.fromHexDigest(entry.setsum))) {
        throw new IOException(table.file + " holds setsum " + sst.fastSetsum().hexDigest()
            + " in its footer, but its manifest lists " + entry.setsum);
      }
      List<Sst.IndexEntry> index = sst.indexEntries();
      long every = Math.max(1, Math.min(sampleBytes, entry.bytes / MIN_SAMPLES_PER_TABLE));
      samples.add(HEX.parseHex(entry.firstKey));
      weights.add(0L);
      long since = 0;
      for (int i = 0; i < index.size(); i++) {
        long size = index.get(i).block().limit() - index.get(i).block().start();
        if (since >= every && i > 0) {
          samples.add(index.get(i - 1).divider());
          weights.add(0L);
          since = 0;
        }
        weights.set(weights.size() - 1, weights.get(weights.size() - 1) + size);
        since += size;
      }
    } catch (SstException e) {
      throw e.inFile(table.file);
    }
    return new RunInfo(table.file, HEX.parseHex(entry.firstKey), HEX.parseHex(entry.lastKey),
        entry.records, entry.bytes, samples, weights.stream().mapToLong(Long::longValue).toArray(),
        0, new Setsum().hexDigest());
  }
}
