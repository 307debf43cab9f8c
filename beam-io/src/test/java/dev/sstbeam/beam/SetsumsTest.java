package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Setsums combines against the vectors' setsums, and the two coders against Beam's properties. */
@ExtendWith(TestPipelineExtension.class)
class SetsumsTest {
  /** The logs: with the core vector set, max_batch stands in for batches, mixed and big_values. */
  private static final String[] LOGS = Vectors.fullSetPresent()
      ? new String[] {"one", "small", "empty_kv", "batches", "mixed", "big_values"}
      : new String[] {"one", "small", "empty_kv", "max_batch"};

  private static Setsum vectorSetsum(String log) throws Exception {
    return Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(VectorFiles.log(log)), "setsum"));
  }

  private static List<KV<String, KeyValue>> keyedRecords() throws Exception {
    List<KV<String, KeyValue>> out = new ArrayList<>();
    for (String log : LOGS) {
      for (KeyValue kv : LogIOReadTest.sequential(VectorFiles.log(log))) {
        out.add(KV.of(log, kv));
      }
    }
    Collections.shuffle(out, new Random(7)); // the combine does not depend on order or bundling
    return out;
  }

  private static String parity(String name) {
    return name.length() % 2 == 0 ? "even" : "odd";
  }

  @Test
  void globallyPerKeySumAndSumPerKeyEqualTheVectorsSetsums(TestPipeline p) throws Exception {
    List<KV<String, KeyValue>> keyed = keyedRecords();
    PCollection<KV<String, KeyValue>> input =
        p.apply(Create.of(keyed).withCoder(KvCoder.of(StringUtf8Coder.of(), KeyValueCoder.of())));

    List<KV<String, Setsum>> expectedPerLog = new ArrayList<>();
    Setsum all = new Setsum();
    for (String log : LOGS) {
      expectedPerLog.add(KV.of(log, vectorSetsum(log)));
      all.add(vectorSetsum(log));
    }
    PCollection<KV<String, Setsum>> perLog = input.apply("PerLog", Setsums.perKey());
    PAssert.that(perLog).containsInAnyOrder(expectedPerLog);
    PAssert.thatSingleton(input.apply("RecordsOnly", Values.create()).apply("Globally", Setsums.globally())).isEqualTo(all);
    PAssert.thatSingleton(perLog.apply("SetsumsOnly", Values.create()).apply("Sum", Setsums.sum())).isEqualTo(all);

    // sumPerKey: the per-log setsums grouped by the parity of the log name's length.
    PCollection<KV<String, Setsum>> byParity = perLog
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Setsum.class)))
            .via(kv -> KV.of(parity(kv.getKey()), kv.getValue())))
        .apply("SumPerParity", Setsums.sumPerKey());
    Map<String, Setsum> expectedByParity = new TreeMap<>();
    for (String log : LOGS) {
      expectedByParity.merge(parity(log), vectorSetsum(log), Setsum::plus);
    }
    assertEquals(2, expectedByParity.size(), "logs of both parities");
    List<KV<String, Setsum>> expected = new ArrayList<>();
    expectedByParity.forEach((parity, sum) -> expected.add(KV.of(parity, sum)));
    PAssert.that(byParity).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void noRecordsGiveTheEmptySetsum(TestPipeline p) {
    PCollection<Setsum> none = p.apply(Create.empty(KeyValueCoder.of())).apply(Setsums.globally());
    PAssert.thatSingleton(none).isEqualTo(new Setsum());
    PAssert.thatSingleton(p.apply("NoSetsums", Create.empty(SetsumCoder.of())).apply(Setsums.sum()))
        .isEqualTo(new Setsum());
    p.run().waitUntilFinish();
    assertTrue(new Setsum().isEmpty());
  }

  @Test
  void theCombineFnIsAssociativeAndCommutativeOverAnySplitOfTheInput() throws Exception {
    Setsums.OfRecords fn = new Setsums.OfRecords();
    Path log = VectorFiles.preferLog("mixed", "max_batch");
    List<KeyValue> records = LogIOReadTest.sequential(log);
    Random r = new Random(3);
    for (int trial = 0; trial < 5; trial++) {
      List<Setsum> parts = new ArrayList<>();
      Setsum acc = fn.createAccumulator();
      for (KeyValue kv : records) {
        acc = fn.addInput(acc, kv);
        if (r.nextInt(50) == 0) {
          parts.add(acc);
          acc = fn.createAccumulator();
        }
      }
      parts.add(acc);
      Collections.shuffle(parts, r);
      assertEquals(Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(log), "setsum")),
          fn.extractOutput(fn.mergeAccumulators(parts)));
    }
  }

  // --- coders ---------------------------------------------------------------------------------

  private static List<KeyValue> coderSamples() throws Exception {
    List<KeyValue> out = new ArrayList<>(LogIOReadTest.sequential(VectorFiles.log("small")));
    out.addAll(LogIOReadTest.sequential(VectorFiles.log("empty_kv")));
    out.add(KeyValue.put(new byte[16384], -1L, new byte[32768]));
    out.add(KeyValue.del(new byte[0], 0));
    return out;
  }

  @Test
  void keyValueCoderPassesBeamsCoderProperties() throws Exception {
    KeyValueCoder coder = KeyValueCoder.of();
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
    for (KeyValue kv : coderSamples()) {
      KeyValue copy = KeyValue.of(kv.key().clone(), kv.timestamp(), kv.value() == null ? null : kv.value().clone());
      CoderProperties.coderDecodeEncodeEqual(coder, kv);
      CoderProperties.coderDeterministic(coder, kv, copy);
      CoderProperties.coderConsistentWithEquals(coder, kv, copy);
      CoderProperties.structuralValueDecodeEncodeEqual(coder, kv);
    }
    KeyValue put = KeyValue.put(TestRecords.bytes("k"), 1, TestRecords.bytes("v"));
    KeyValue del = KeyValue.del(TestRecords.bytes("k"), 1);
    CoderProperties.coderConsistentWithEquals(coder, put, del);
    // The documented encoding: varint(len) key BE64(ts) 01 varint(len) value | 00 for a tombstone.
    CoderProperties.coderEncodesBase64(coder, put, "AWsAAAAAAAAAAQEBdg");
    CoderProperties.coderEncodesBase64(coder, del, "AWsAAAAAAAAAAQA");
    CoderProperties.testByteCount(coder, org.apache.beam.sdk.coders.Coder.Context.NESTED,
        coderSamples().toArray(new KeyValue[0]));
  }

  @Test
  void setsumCoderPassesBeamsCoderProperties() throws Exception {
    SetsumCoder coder = SetsumCoder.of();
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
    List<Setsum> samples = new ArrayList<>(List.of(new Setsum()));
    for (String log : LOGS) {
      samples.add(vectorSetsum(log));
    }
    for (Setsum s : samples) {
      Setsum copy = Setsum.fromHexDigest(s.hexDigest());
      CoderProperties.coderDecodeEncodeEqual(coder, s);
      CoderProperties.coderDeterministic(coder, s, copy);
      CoderProperties.coderConsistentWithEquals(coder, s, copy);
    }
    CoderProperties.coderConsistentWithEquals(coder, samples.get(1), samples.get(2));
  }

  @Test
  void theCodersAreTheDefaultsOfEveryPipeline() throws Exception {
    Pipeline p = Pipeline.create();
    assertInstanceOf(KeyValueCoder.class, p.getCoderRegistry().getCoder(KeyValue.class));
    assertInstanceOf(SetsumCoder.class, p.getCoderRegistry().getCoder(Setsum.class));
  }
}
