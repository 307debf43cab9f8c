package dev.sstbeam.beam;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;

/** Generated records, setsums, counters, and side pipelines for the beam-io tests. */
final class TestRecords {
  private TestRecords() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code count} records, no two with the same key and timestamp, over {@code keys} keys
   * ({@code key000123}), with timestamps anywhere in the unsigned range, about one tombstone in
   * eight, and values of 0..{@code maxValue} bytes.
   */
  static List<KeyValue> generate(long seed, int count, int keys, int maxValue) {
    Random r = new Random(seed);
    Set<String> seen = new HashSet<>();
    List<KeyValue> out = new ArrayList<>();
    while (out.size() < count) {
      String key = String.format("key%06d", r.nextInt(keys));
      long ts = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(1000);
      if (!seen.add(key + "@" + ts)) {
        continue;
      }
      if (r.nextInt(8) == 0) {
        out.add(KeyValue.del(bytes(key), ts));
      } else {
        byte[] value = new byte[r.nextInt(maxValue + 1)];
        r.nextBytes(value);
        out.add(KeyValue.put(bytes(key), ts, value));
      }
    }
    return out;
  }

  /**
   * {@code n} exact copies of records drawn at random from {@code distinct} (a record may be drawn
   * more than once), drawn with {@code r}.
   */
  static List<KeyValue> copiesOf(List<KeyValue> distinct, int n, Random r) {
    List<KeyValue> copies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      copies.add(distinct.get(r.nextInt(distinct.size())));
    }
    return copies;
  }

  /** {@code distinct} and {@code copies} together, shuffled with {@code r}. */
  static List<KeyValue> shuffledWith(List<KeyValue> distinct, List<KeyValue> copies, Random r) {
    List<KeyValue> input = new ArrayList<>(distinct);
    input.addAll(copies);
    Collections.shuffle(input, r);
    return input;
  }

  static Setsum setsum(Collection<KeyValue> records) {
    Setsum s = new Setsum();
    for (KeyValue kv : records) {
      s.insert(kv);
    }
    return s;
  }

  static List<KeyValue> sorted(Collection<KeyValue> records) {
    List<KeyValue> out = new ArrayList<>(records);
    out.sort(KeyOrder.INSTANCE);
    return out;
  }

  /**
   * Asserts that {@code actual} holds exactly {@code expected} as a multiset, in linear-log time
   * (PAssert's containsInAnyOrder matches pairwise, which takes seconds for tens of thousands).
   */
  static void assertSameRecords(PCollection<KeyValue> actual, Collection<KeyValue> expected) {
    ArrayList<String> want = listing(expected);
    PAssert.that(actual).satisfies(records -> {
      List<KeyValue> got = new ArrayList<>();
      records.forEach(got::add);
      ArrayList<String> have = listing(got);
      if (!have.equals(want)) {
        throw new AssertionError("expected " + want.size() + " records, got " + have.size()
            + "; first difference: " + firstDifference(want, have));
      }
      return null;
    });
  }

  /** Listing lines (vectors/README.md), sorted: equal iff the multisets are. */
  static ArrayList<String> listing(Collection<KeyValue> records) {
    ArrayList<String> lines = new ArrayList<>(records.size());
    for (KeyValue kv : records) {
      lines.add(kv.toListingLine());
    }
    Collections.sort(lines);
    return lines;
  }

  private static String firstDifference(List<String> want, List<String> have) {
    for (int i = 0; i < Math.min(want.size(), have.size()); i++) {
      if (!want.get(i).equals(have.get(i))) {
        return "expected " + want.get(i) + " but got " + have.get(i);
      }
    }
    return want.size() > have.size() ? "missing " + want.get(have.size()) : "extra " + have.get(want.size());
  }

  /** Builds and runs a pipeline of its own (for a step before the test's TestPipeline). */
  static PipelineResult runPipeline(Consumer<Pipeline> build) {
    Pipeline p = Pipeline.create(TestPipeline.testingPipelineOptions());
    build.accept(p);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return result;
  }

  /**
   * The attempted value of a counter, summed over steps (0 when it never counted). Attempted, not
   * committed: the Flink runner reports only attempted metrics. A finished pipeline without retries
   * has equal values for both.
   */
  static long counter(PipelineResult result, Class<?> namespace, String name) {
    MetricQueryResults q = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build());
    long total = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }
}
