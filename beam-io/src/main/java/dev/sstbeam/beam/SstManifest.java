package dev.sstbeam.beam;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.io.FileNotFoundException;
import java.io.Serializable;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code MANIFEST.json}: the tables of one {@link SstIO#write()} output, in key order, with their
 * key ranges (hex), timestamp ranges, record counts, sizes and setsums; the total setsum and
 * record count; and the duplicates dropped. Versioned:
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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"version", "tables", "setsum", "records", "dropped", "job"})
public final class SstManifest implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String FILE_NAME = "MANIFEST.json";
  public static final int VERSION = 1;
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

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SstManifest fromJson(String json) throws IOException {
    SstManifest m = JSON.readValue(json, SstManifest.class);
    if (m.version != VERSION) {
      throw new IOException("unsupported MANIFEST.json version " + m.version + " (this reads " + VERSION + ")");
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
