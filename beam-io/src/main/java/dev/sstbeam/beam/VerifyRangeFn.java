package dev.sstbeam.beam;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.sort.DuplicatePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * For {@link SstIO#verifyCompaction}: checks one key range of a compaction's output against its
 * inputs. The inputs' slices (input tables and sorted runs of the logs) are merged into one stream
 * in table order; exact duplicates are set aside (a conflicting pair is an offence, and under the
 * {@code fail} duplicate policy so is any pair); {@link RequiredVersions} says which of the
 * remaining records the policy requires. The output tables' slice is walked alongside, and each
 * output record must be a required input record with the same value or tombstone:
 *
 * <ul>
 *   <li>{@code MISSING}: required, not in the output;
 *   <li>{@code NOT_REQUIRED}: in the output and the inputs, but the policy collects it;
 *   <li>{@code ADDED}: in the output, not in the inputs (also a second copy in the output);
 *   <li>{@code CHANGED}: in the output with another value than in the inputs;
 *   <li>{@code CONFLICTING_DUPLICATE}: two inputs disagree on a key and timestamp.
 * </ul>
 *
 * Every record is counted and hashed into the range's totals, which the verdict adds up and holds
 * against the manifest.
 */
final class VerifyRangeFn extends DoFn<PartitionTask, RangeCheck> {
  private static final long serialVersionUID = 1L;

  private final Set<String> outputTables;
  private final GcPolicy policy;
  private final long nowMicros;
  private final DuplicatePolicy duplicates;

  VerifyRangeFn(Set<String> outputTables, GcPolicy policy, long nowMicros, DuplicatePolicy duplicates) {
    this.outputTables = outputTables;
    this.policy = policy;
    this.nowMicros = nowMicros;
    this.duplicates = duplicates;
  }

  @ProcessElement
  public void process(@Element PartitionTask task, OutputReceiver<RangeCheck> out) throws IOException {
    out.output(check(task));
  }

  RangeCheck check(PartitionTask task) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (String run : task.runs) {
      (outputTables.contains(run) ? outputs : inputs).add(run);
    }
    RangeCheck check = new RangeCheck(task.partition);
    try (RunSlices in = RunSlices.open(inputs, task.lowerKey, task.upperKey);
        RunSlices outSlices = RunSlices.open(outputs, task.lowerKey, task.upperKey)) {
      Walk walk = new Walk(check, outSlices);
      RequiredVersions rules = new RequiredVersions(policy, nowMicros, walk::input);
      KeyValue previous = null;
      for (KeyValue kv = in.next(); kv != null; kv = in.next()) {
        add(check.input, kv);
        if (previous != null && sameVersion(previous, kv)) {
          if (!Arrays.equals(previous.value(), kv.value())) {
            check.offend(CompactionVerdict.Offense.CONFLICTING_DUPLICATE, kv.key(), kv.timestamp(),
                "two inputs hold different values (or a value and a tombstone)");
          } else if (duplicates == DuplicatePolicy.FAIL) {
            check.offend(CompactionVerdict.Offense.CONFLICTING_DUPLICATE, kv.key(), kv.timestamp(),
                "two inputs hold it and the duplicate policy is fail");
          }
          add(check.dropped, kv);
          continue;
        }
        rules.add(kv);
        previous = kv;
      }
      rules.finish();
      walk.rest();
    }
    return check;
  }

  private static boolean sameVersion(KeyValue a, KeyValue b) {
    return a.timestamp() == b.timestamp() && Arrays.equals(a.key(), b.key());
  }

  private static void add(RecordTotals totals, KeyValue kv) {
    totals.records++;
    totals.setsum.insert(kv);
  }

  /** The output slice walked in step with the classified input records. */
  private static final class Walk {
    private final RangeCheck check;
    private final RunSlices output;
    private KeyValue current;
    private KeyValue previous;

    Walk(RangeCheck check, RunSlices output) throws SstException {
      this.check = check;
      this.output = output;
      advance();
    }

    private void advance() throws SstException {
      if (current != null) {
        add(check.output, current);
      }
      previous = current;
      current = output.next();
      while (current != null && previous != null && sameVersion(previous, current)) {
        check.offend(CompactionVerdict.Offense.ADDED, current.key(), current.timestamp(),
            "the output holds it twice");
        add(check.output, current);
        current = output.next();
      }
    }

    /** One input record, in table order, with whether the policy requires it. */
    void input(KeyValue kv, boolean required) throws SstException {
      add(required ? check.required : check.collected, kv);
      while (current != null
          && KeyOrder.compare(current.key(), current.timestamp(), kv.key(), kv.timestamp()) < 0) {
        check.offend(CompactionVerdict.Offense.ADDED, current.key(), current.timestamp(),
            "in the output, not in the inputs");
        advance();
      }
      boolean inOutput = current != null && sameVersion(current, kv);
      if (inOutput) {
        if (!Arrays.equals(current.value(), kv.value())) {
          check.offend(CompactionVerdict.Offense.CHANGED, kv.key(), kv.timestamp(),
              "the output holds " + describe(current) + ", the inputs " + describe(kv));
        } else if (!required) {
          check.offend(CompactionVerdict.Offense.NOT_REQUIRED, kv.key(), kv.timestamp(),
              "in the output, but the policy collects it");
        }
        advance();
      } else if (required) {
        check.offend(CompactionVerdict.Offense.MISSING, kv.key(), kv.timestamp(),
            "the policy requires it, the output does not hold it");
      }
    }

    /** Output records past the last input record. */
    void rest() throws SstException {
      while (current != null) {
        check.offend(CompactionVerdict.Offense.ADDED, current.key(), current.timestamp(),
            "in the output, not in the inputs");
        advance();
      }
    }

    private static String describe(KeyValue kv) {
      return kv.isTombstone() ? "a tombstone" : "a value of " + kv.value().length + " bytes";
    }
  }
}
