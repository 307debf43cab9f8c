package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The result of {@link SstIO#verifyCompaction}: whether a compaction's output is exactly what its
 * policy requires of its inputs, and why not. {@link #report()} holds the recomputed totals, one
 * line each; {@link #problems()} every check that failed (empty when {@link #ok()}); and
 * {@link #firstOffence()} the first offending record in key order, if a record offends.
 */
public final class CompactionVerdict implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How a record offends. */
  public enum Offense {
    /** The policy requires it; the output does not hold it. */
    MISSING,
    /** The output holds it and so do the inputs, but the policy collects it. */
    NOT_REQUIRED,
    /** The output holds it; the inputs do not (or the output holds it twice). */
    ADDED,
    /** The output holds it with another value (or tombstone) than the inputs. */
    CHANGED,
    /** Two inputs hold the same key and timestamp with different values. */
    CONFLICTING_DUPLICATE
  }

  /** An offending record: its key, timestamp (unsigned), what is wrong, and a detail. */
  public static final class Record implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Offense kind;
    private final byte[] key;
    private final long timestamp;
    private final String detail;

    public Record(Offense kind, byte[] key, long timestamp, String detail) {
      this.kind = kind;
      this.key = key.clone();
      this.timestamp = timestamp;
      this.detail = detail;
    }

    public Offense kind() {
      return kind;
    }

    public byte[] key() {
      return key.clone();
    }

    public long timestamp() {
      return timestamp;
    }

    public String detail() {
      return detail;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Record r && kind == r.kind && Arrays.equals(key, r.key)
          && timestamp == r.timestamp && detail.equals(r.detail);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, Arrays.hashCode(key), timestamp);
    }

    /** {@code MISSING key 6b31 @ 5: detail}, the key in hex. */
    @Override
    public String toString() {
      return kind + " key " + HexFormat.of().formatHex(key) + " @ " + Long.toUnsignedString(timestamp)
          + ": " + detail;
    }
  }

  private final List<String> report;
  private final List<String> problems;
  private final @Nullable Record firstOffence;

  CompactionVerdict(List<String> report, List<String> problems, @Nullable Record firstOffence) {
    this.report = List.copyOf(report);
    this.problems = List.copyOf(problems);
    this.firstOffence = firstOffence;
  }

  /** True when every check passed. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** The recomputed totals and counts, one line each. */
  public List<String> report() {
    return report;
  }

  /** Every failed check, one line each, the first offending record's first. */
  public List<String> problems() {
    return problems;
  }

  /** The first offending record in key order, or null when no record offends. */
  public @Nullable Record firstOffence() {
    return firstOffence;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompactionVerdict v && report.equals(v.report) && problems.equals(v.problems)
        && Objects.equals(firstOffence, v.firstOffence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(report, problems);
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>(report);
    lines.addAll(problems);
    lines.add(ok() ? "verdict OK" : "verdict FAILED");
    return String.join("\n", lines);
  }
}
