package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Setsums as Beam combines. The accumulator is a {@link Setsum} — eight 32-bit columns added
 * modulo their primes — so merging is associative and commutative and the result is the same on
 * every runner, whatever the bundling.
 *
 * <pre>{@code
 * PCollection<Setsum> total = records.apply(Setsums.globally());
 * PCollection<KV<String, Setsum>> perFile = keyed.apply(Setsums.perKey());
 * }</pre>
 */
public final class Setsums {
  private Setsums() {}

  /** The setsum of all records (the empty setsum for no records). */
  public static Combine.Globally<KeyValue, Setsum> globally() {
    return Combine.globally(new OfRecords());
  }

  /** The setsum of the records of each key. */
  public static <K> Combine.PerKey<K, KeyValue, Setsum> perKey() {
    return Combine.perKey(new OfRecords());
  }

  /** The setsum of all records of batches (e.g. {@link LogIO.Read#inBlocks()}). */
  public static Combine.Globally<List<KeyValue>, Setsum> ofBatches() {
    return Combine.globally(new OfBatches());
  }

  /** The sum of setsums. */
  public static Combine.Globally<Setsum, Setsum> sum() {
    return Combine.globally(new OfSetsums());
  }

  /** The sum of setsums per key. */
  public static <K> Combine.PerKey<K, Setsum, Setsum> sumPerKey() {
    return Combine.perKey(new OfSetsums());
  }

  /**
   * The shared part of the setsum combines: the accumulator is a {@link Setsum} (eight columns),
   * merged by addition, encoded by {@link SetsumCoder}; subclasses say how an input is added.
   */
  abstract static class SetsumCombineFn<InputT> extends Combine.CombineFn<InputT, Setsum, Setsum> {
    private static final long serialVersionUID = 1L;

    @Override
    public Setsum createAccumulator() {
      return new Setsum();
    }

    @Override
    public Setsum mergeAccumulators(Iterable<Setsum> accs) {
      Setsum total = new Setsum();
      for (Setsum s : accs) {
        total.add(s);
      }
      return total;
    }

    @Override
    public Setsum extractOutput(Setsum acc) {
      return acc.copy();
    }

    @Override
    public Coder<Setsum> getAccumulatorCoder(CoderRegistry registry, Coder<InputT> in) {
      return SetsumCoder.of();
    }

    @Override
    public Coder<Setsum> getDefaultOutputCoder(CoderRegistry registry, Coder<InputT> in) {
      return SetsumCoder.of();
    }
  }

  /** Setsum of records: put {@code 08 ‖ key ‖ LE64(ts) ‖ value}, tombstone {@code 09 ‖ key ‖ LE64(ts)}. */
  public static final class OfRecords extends SetsumCombineFn<KeyValue> {
    private static final long serialVersionUID = 1L;

    @Override
    public Setsum addInput(Setsum acc, KeyValue kv) {
      return acc.insert(kv);
    }
  }

  /**
   * Setsum of the records of batches of records. Each batch is hashed several records at a time
   * when the JVM has the vector path ({@link BatchedSetsum}).
   */
  public static final class OfBatches extends SetsumCombineFn<List<KeyValue>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Setsum addInput(Setsum acc, List<KeyValue> batch) {
      BatchedSetsum s = BatchedSetsum.forItems(batch.size());
      for (KeyValue kv : batch) {
        s.insert(kv);
      }
      return acc.add(s.setsum());
    }
  }

  /** Sum of setsums. */
  public static final class OfSetsums extends SetsumCombineFn<Setsum> {
    private static final long serialVersionUID = 1L;

    @Override
    public Setsum addInput(Setsum acc, Setsum s) {
      return acc.add(s);
    }
  }

  /** Registers {@link KeyValueCoder} and {@link SetsumCoder} as the default coders. */
  public static void registerCoders(CoderRegistry registry) {
    registry.registerCoderForClass(KeyValue.class, KeyValueCoder.of());
    registry.registerCoderForClass(Setsum.class, SetsumCoder.of());
  }

}
