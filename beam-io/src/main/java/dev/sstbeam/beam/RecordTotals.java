package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * How many records, and their setsum: what one input (say, a log) holds. The setsum is the
 * records' as {@link Setsums} computes it; totals add up whatever the order, so they merge the
 * same on every runner.
 */
public final class RecordTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  long records;
  final Setsum setsum;

  RecordTotals() {
    this(0, new Setsum());
  }

  RecordTotals(long records, Setsum setsum) {
    this.records = records;
    this.setsum = setsum;
  }

  /** The number of records. */
  public long records() {
    return records;
  }

  /** The setsum of the records (a copy). */
  public Setsum setsum() {
    return setsum.copy();
  }

  /** The coder of totals (Java serialization of the count and the setsum's columns). */
  public static Coder<RecordTotals> coder() {
    return SerializableCoder.of(RecordTotals.class);
  }

  /** The sum of totals, e.g. of {@link LogIO.ReadFiles#totals()} (empty totals for none). */
  public static Combine.CombineFn<RecordTotals, RecordTotals, RecordTotals> sum() {
    return new Sum();
  }

  RecordTotals add(RecordTotals other) {
    records += other.records;
    setsum.add(other.setsum);
    return this;
  }

  /** As a manifest's {@code {"records", "setsum"}}. */
  SstManifest.Records toManifest() {
    return new SstManifest.Records(records, setsum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordTotals other && records == other.records && setsum.equals(other.setsum);
  }

  @Override
  public int hashCode() {
    return Objects.hash(records, setsum);
  }

  /** The totals of batches of records (e.g. per log, with {@code Combine.perKey}). */
  static Combine.CombineFn<List<KeyValue>, RecordTotals, RecordTotals> ofBatches() {
    return new OfBatches();
  }

  /** The shared part of the combines: totals merged by addition. */
  private abstract static class TotalsFn<InputT> extends Combine.CombineFn<InputT, RecordTotals, RecordTotals> {
    private static final long serialVersionUID = 1L;

    @Override
    public RecordTotals createAccumulator() {
      return new RecordTotals();
    }

    @Override
    public RecordTotals mergeAccumulators(Iterable<RecordTotals> accs) {
      RecordTotals total = new RecordTotals();
      for (RecordTotals t : accs) {
        total.add(t);
      }
      return total;
    }

    @Override
    public RecordTotals extractOutput(RecordTotals acc) {
      return new RecordTotals(acc.records, acc.setsum.copy());
    }

    @Override
    public Coder<RecordTotals> getAccumulatorCoder(CoderRegistry registry, Coder<InputT> in) {
      return coder();
    }

    @Override
    public Coder<RecordTotals> getDefaultOutputCoder(CoderRegistry registry, Coder<InputT> in) {
      return coder();
    }
  }

  private static final class OfBatches extends TotalsFn<List<KeyValue>> {
    private static final long serialVersionUID = 1L;

    @Override
    public RecordTotals addInput(RecordTotals acc, List<KeyValue> batch) {
      for (KeyValue kv : batch) {
        acc.setsum.insert(kv);
      }
      acc.records += batch.size();
      return acc;
    }
  }

  private static final class Sum extends TotalsFn<RecordTotals> {
    private static final long serialVersionUID = 1L;

    @Override
    public RecordTotals addInput(RecordTotals acc, RecordTotals in) {
      return acc.add(in);
    }
  }
}
