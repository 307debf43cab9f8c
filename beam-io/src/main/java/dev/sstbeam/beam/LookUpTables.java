package dev.sstbeam.beam;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link SstIO#lookup()}: point lookups in a table set, as a transform from
 * {@link LookupRequest}s to {@link LookupResult}s (one per request, in no particular order).
 *
 * <pre>{@code
 * PCollection<LookupResult> results = requests.apply(SstIO.lookup().in("/data/tables"));
 * }</pre>
 *
 * Each request goes only to the table whose manifest key range holds its key (read from the
 * manifest when the pipeline is built); keys outside every range are answered absent at once.
 * The requests of a table are grouped, sorted in key order and answered by one worker that opens
 * the table once, asks its bloom filter, and seeks ({@link TableLookups}). A table's requests are
 * sorted in batches of {@link #withBatchSize} (default 1,000,000), so a worker holds at most one
 * batch of requests and results at a time.
 */
public final class LookUpTables extends PTransform<PCollection<LookupRequest>, PCollection<LookupResult>> {
  private static final long serialVersionUID = 1L;
  private static final TupleTag<KV<Integer, LookupRequest>> ROUTED = new TupleTag<>() {};
  private static final TupleTag<LookupResult> OUTSIDE = new TupleTag<>() {};

  private final @Nullable String tables;
  private final int batchSize;

  LookUpTables(@Nullable String tables, int batchSize) {
    this.tables = tables;
    this.batchSize = batchSize;
  }

  /** The table set: its directory or its manifest's path. */
  public LookUpTables in(String tableSet) {
    checkArgument(tableSet != null && !tableSet.isEmpty(), "in(): the table set is empty");
    return new LookUpTables(tableSet, batchSize);
  }

  /** Requests of one table sorted and answered at a time (memory per worker). */
  public LookUpTables withBatchSize(int requests) {
    checkArgument(requests >= 1, "withBatchSize(%s): must be at least 1", requests);
    return new LookUpTables(tables, requests);
  }

  @Override
  public PCollection<LookupResult> expand(PCollection<LookupRequest> input) {
    checkArgument(tables != null, "SstIO.lookup(): call in(tableSet) first");
    FileSystems.setDefaultPipelineOptions(input.getPipeline().getOptions());
    TableLookups lookups;
    try {
      lookups = TableLookups.open(tables);
    } catch (IOException e) {
      throw new UncheckedIOException("SstIO.lookup(): cannot read the manifest of " + tables + ": "
          + e.getMessage(), e);
    }
    PCollectionTuple routed = input.apply("RouteToTables",
        ParDo.of(new RouteFn(lookups)).withOutputTags(ROUTED, TupleTagList.of(OUTSIDE)));
    PCollection<LookupResult> inTables =
        routed.get(ROUTED)
            .setCoder(KvCoder.of(VarIntCoder.of(), LookupRequestCoder.of()))
            .apply("GroupByTable", GroupByKey.create())
            .apply("LookUpInTable", ParDo.of(new LookUpFn(lookups, batchSize)))
            .setCoder(LookupResultCoder.of());
    PCollection<LookupResult> outside = routed.get(OUTSIDE).setCoder(LookupResultCoder.of());
    return PCollectionList.of(List.of(inTables, outside))
        .apply("AllResults", org.apache.beam.sdk.transforms.Flatten.pCollections());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.addIfNotNull(DisplayData.item("tables", tables).withLabel("Table set"))
        .add(DisplayData.item("batchSize", batchSize));
  }

  /** Keys each request by its table, or answers it absent when no table's range holds it. */
  private static final class RouteFn extends DoFn<LookupRequest, KV<Integer, LookupRequest>> {
    private static final long serialVersionUID = 1L;
    private final TableLookups lookups;
    private final Counter outside = Metrics.counter(SstIO.class, "lookups-outside-tables");

    RouteFn(TableLookups lookups) {
      this.lookups = lookups;
    }

    @ProcessElement
    public void process(@Element LookupRequest r, MultiOutputReceiver out) {
      int table = lookups.tableOf(r.key());
      if (table < 0) {
        outside.inc();
        out.get(OUTSIDE).output(LookupResult.absent(r));
      } else {
        out.get(ROUTED).output(KV.of(table, r));
      }
    }
  }

  /** Answers one table's requests, a sorted batch at a time. */
  private static final class LookUpFn extends DoFn<KV<Integer, Iterable<LookupRequest>>, LookupResult> {
    private static final long serialVersionUID = 1L;
    private final TableLookups lookups;
    private final int batchSize;
    private final Counter lookedUp = Metrics.counter(SstIO.class, "lookups");
    private final Counter found = Metrics.counter(SstIO.class, "lookups-found");

    LookUpFn(TableLookups lookups, int batchSize) {
      this.lookups = lookups;
      this.batchSize = batchSize;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<LookupRequest>> table,
        OutputReceiver<LookupResult> out) throws IOException {
      List<LookupRequest> batch = new ArrayList<>();
      for (LookupRequest r : table.getValue()) {
        batch.add(r);
        if (batch.size() == batchSize) {
          answer(table.getKey(), batch, out);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        answer(table.getKey(), batch, out);
      }
    }

    private void answer(int table, List<LookupRequest> batch, OutputReceiver<LookupResult> out)
        throws IOException {
      for (LookupResult r : lookups.lookUpInTable(table, batch)) {
        lookedUp.inc();
        if (r.isFound()) {
          found.inc();
        }
        out.output(r);
      }
    }
  }
}
