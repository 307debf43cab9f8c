package dev.sstbeam.beam;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sstbeam.format.setsum.Setsum;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code MANIFEST.json}: the tables of one {@link SstIO#write()} or {@link SstIO#compact()}
 * output, in key order, with their key ranges (hex), timestamp ranges, record counts, sizes and
 * setsums; the total setsum and record count; and the duplicates dropped. Versioned:
 *
 * <pre>
 * {"version": 1,
 *  "tables": [{"file", "first_key", "last_key", "smallest_timestamp", "biggest_timestamp",
 *              "records", "bytes", "setsum"}, ...],
 *  "setsum", "records", "dropped": {"records", "setsum"}, "job"}
 * </pre>
 *
 * Timestamps are unsigned 64-bit numbers written in decimal. Audit: the input's setsum equals
 * {@code setsum + dropped.setsum}.
 *
 * <p>A compaction ({@link SstIO#compact()}) writes version 2, which adds the generation and a
 * {@code compaction} object; a version-1 reader refuses it rather than misread its audit identity:
 *
 * <pre>
 * {"version": 2, "generation": G,
 *  "tables": [...], "setsum", "records", "dropped": {"records", "setsum"},
 *  "compaction": {
 *    "policy": TEXT, "policy_display": CANONICAL TEXT, "now_micros": "N", "duplicates": "drop-exact",
 *    "parents": [{"manifest": PATH, "generation": G, "records": N, "setsum": HEX}, ...],
 *    "logs": [{"file": PATH, "records": N, "setsum": HEX}, ...],
 *    "input": {"records", "setsum"},
 *    "collected": {"records", "setsum"}}}
 * </pre>
 *
 * <ul>
 *   <li>{@code generation}: one more than the largest generation of the parents (a manifest
 *       without the field, as {@code sst convert} writes, is generation 0; a compaction of logs
 *       only is generation 1). Absent means 0.
 *   <li>{@code policy} is the garbage-collection policy as given, {@code policy_display} the
 *       crate's canonical form of it, {@code now_micros} the compaction's time (unsigned decimal).
 *   <li>{@code parents}: each input table set, by the path of its manifest as given, with that
 *       manifest's generation, record count and setsum; {@code logs}: each input log with the
 *       setsum and count of its records, as read.
 *   <li>{@code input} = the parents' plus the logs'; {@code collected}: what the policy dropped.
 *       The compaction's audit identity, checked before the output is published:
 *       {@code input = (setsum, records) + dropped + collected}.
 * </ul>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"version", "generation", "tables", "setsum", "records", "dropped", "job",
    "compaction"})
public final class SstManifest implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String FILE_NAME = "MANIFEST.json";
  public static final int VERSION = 1;
  /** The version of a compaction's manifest (with generation and compaction). */
  public static final int VERSION_COMPACTION = 2;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @JsonProperty("version")
  public int version = VERSION;

  @JsonProperty("tables")
  public List<Table> tables = new ArrayList<>();

  @JsonProperty("setsum")
  public String setsum = new Setsum().hexDigest();

  @JsonProperty("records")
  public long records;

  @JsonProperty("dropped")
  public Dropped dropped = new Dropped();

  /**
   * What a write with {@link SstIO.Write#withBalanceCheck()} was given: the count and setsum of
   * every input record, which equal the tables' plus the dropped duplicates' (the write publishes
   * nothing otherwise). Carried by the manifest the write outputs, not written to MANIFEST.json
   * (null when read from a file, and for writes without the check).
   */
  @JsonIgnore
  public Records input;

  /** The generation of the tables: 0 for tables made from logs, parents' largest + 1 after a compaction. */
  @JsonProperty("generation")
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public long generation;

  /** How a compaction made these tables; null for {@link SstIO#write()} output. */
  @JsonProperty("compaction")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Compaction compaction;

  /**
   * The token of the {@link SstIO#write()} job that wrote the output, by which the job recognises
   * its own manifest (absent in manifests written before it was added).
   */
  @JsonProperty("job")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String job;

  /** One table of the output. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"file", "first_key", "last_key", "smallest_timestamp", "biggest_timestamp",
      "records", "bytes", "setsum"})
  public static final class Table implements Serializable {
    private static final long serialVersionUID = 1L;

    /** File name, relative to the manifest's directory. */
    @JsonProperty("file")
    public String file;

    @JsonProperty("first_key")
    public String firstKey;

    @JsonProperty("last_key")
    public String lastKey;

    /** Unsigned, decimal. */
    @JsonProperty("smallest_timestamp")
    public String smallestTimestamp;

    /** Unsigned, decimal. */
    @JsonProperty("biggest_timestamp")
    public String biggestTimestamp;

    @JsonProperty("records")
    public long records;

    @JsonProperty("bytes")
    public long bytes;

    @JsonProperty("setsum")
    public String setsum;

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Table)) {
        return false;
      }
      Table o = (Table) other;
      return java.util.Objects.equals(file, o.file) && java.util.Objects.equals(firstKey, o.firstKey)
          && java.util.Objects.equals(lastKey, o.lastKey)
          && java.util.Objects.equals(smallestTimestamp, o.smallestTimestamp)
          && java.util.Objects.equals(biggestTimestamp, o.biggestTimestamp)
          && records == o.records && bytes == o.bytes && java.util.Objects.equals(setsum, o.setsum);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(file, firstKey, lastKey, records, bytes, setsum);
    }
  }

  /** Duplicates dropped on the way (their count and setsum). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Dropped implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("records")
    public long records;

    @JsonProperty("setsum")
    public String setsum = new Setsum().hexDigest();
  }

  /** A count of records and their setsum. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"records", "setsum"})
  public static final class Records implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("records")
    public long records;

    @JsonProperty("setsum")
    public String setsum = new Setsum().hexDigest();

    public Records() {}

    public Records(long records, Setsum setsum) {
      this.records = records;
      this.setsum = setsum.hexDigest();
    }

    public Setsum toSetsum() {
      return Setsum.fromHexDigest(setsum);
    }
  }

  /** An input table set of a compaction: its manifest as given and what it holds. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"manifest", "generation", "records", "setsum"})
  public static final class Parent implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("manifest")
    public String manifest;

    @JsonProperty("generation")
    public long generation;

    @JsonProperty("records")
    public long records;

    @JsonProperty("setsum")
    public String setsum;
  }

  /** An input log of a compaction and the records read from it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"file", "records", "setsum"})
  public static final class Log implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("file")
    public String file;

    @JsonProperty("records")
    public long records;

    @JsonProperty("setsum")
    public String setsum;
  }

  /** What a compaction read, under which policy, and what the policy collected. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"policy", "policy_display", "now_micros", "duplicates", "parents", "logs",
      "input", "collected"})
  public static final class Compaction implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The policy text as given. */
    @JsonProperty("policy")
    public String policy;

    /** The policy's canonical text (the crate's Display). */
    @JsonProperty("policy_display")
    public String policyDisplay;

    /** Unsigned, decimal. */
    @JsonProperty("now_micros")
    public String nowMicros;

    /** The duplicate policy: drop-exact or fail. */
    @JsonProperty("duplicates")
    public String duplicates;

    @JsonProperty("parents")
    public List<Parent> parents = new ArrayList<>();

    @JsonProperty("logs")
    public List<Log> logs = new ArrayList<>();

    @JsonProperty("input")
    public Records input = new Records();

    @JsonProperty("collected")
    public Records collected = new Records();
  }

  /**
   * For a compaction: whether {@code input = (setsum, records) + dropped + collected}, in setsums
   * and in counts; null when it holds, else what differs. A manifest without compaction holds.
   */
  public String compactionImbalance() {
    if (compaction == null) {
      return null;
    }
    Setsum out = totalSetsum().plus(droppedSetsum()).plus(compaction.collected.toSetsum());
    long count = records + dropped.records + compaction.collected.records;
    if (out.equals(compaction.input.toSetsum()) && count == compaction.input.records) {
      return null;
    }
    return "input " + compaction.input.setsum + " " + compaction.input.records + " records != output "
        + setsum + " " + records + " + dropped " + dropped.setsum + " " + dropped.records
        + " + collected " + compaction.collected.setsum + " " + compaction.collected.records
        + " (difference " + compaction.input.toSetsum().minus(out).hexDigest() + ", "
        + (compaction.input.records - count) + " records)";
  }

  /** Manifests are values: equal when their JSON is equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SstManifest && toJson().equals(((SstManifest) other).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  /** The total setsum of the tables. */
  public Setsum totalSetsum() {
    return Setsum.fromHexDigest(setsum);
  }

  /** The setsum of the dropped duplicates. */
  public Setsum droppedSetsum() {
    return Setsum.fromHexDigest(dropped.setsum);
  }

  /** The JSON text; the version is 2 when there is a compaction, else 1. */
  public String toJson() {
    version = compaction != null ? VERSION_COMPACTION : VERSION;
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SstManifest fromJson(String json) throws IOException {
    SstManifest m = JSON.readValue(json, SstManifest.class);
    if (m.version != VERSION && m.version != VERSION_COMPACTION) {
      throw new IOException("unsupported MANIFEST.json version " + m.version + " (this reads "
          + VERSION + " and " + VERSION_COMPACTION + ")");
    }
    if (m.version == VERSION_COMPACTION && m.compaction == null) {
      throw new IOException("MANIFEST.json version 2 without its \"compaction\"");
    }
    return m;
  }

  /** Reads the manifest at {@code file} (any Beam filesystem). */
  public static SstManifest read(ResourceId file) throws IOException {
    byte[] bytes = BeamFiles.readIfPresent(file);
    if (bytes == null) {
      throw new FileNotFoundException(file + " does not exist");
    }
    return fromJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Reads {@code MANIFEST.json} in {@code directory}. */
  public static SstManifest readFromDirectory(String directory) throws IOException {
    return read(BeamFiles.file(BeamFiles.directory(directory), FILE_NAME));
  }

  void write(ResourceId file) throws IOException {
    try (WritableByteChannel ch = BeamFiles.create(file)) {
      ch.write(java.nio.ByteBuffer.wrap(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }
}
