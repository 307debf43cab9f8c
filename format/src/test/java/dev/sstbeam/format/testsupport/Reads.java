package dev.sstbeam.format.testsupport;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Draining log readers, and the vectors' listing and dump formats. */
public final class Reads {
  private Reads() {}

  /** Everything a reader produced: the items, each item's record bounds, and how it stopped. */
  public static final class Outcome {
    public final List<KeyValue> items = new ArrayList<>();
    /** For each item, the offset of the first byte of its record. */
    public final List<Long> recordStarts = new ArrayList<>();
    /** For each item, the offset just past its record. */
    public final List<Long> recordEnds = new ArrayList<>();
    /** The error the reader stopped with, or null for a clean end. */
    public SstException error;

    public boolean clean() {
      return error == null;
    }

    public List<String> lines() {
      List<String> out = new ArrayList<>(items.size());
      for (KeyValue kv : items) {
        out.add(kv.toListingLine());
      }
      return out;
    }

    @Override
    public String toString() {
      return items.size() + " items, " + (error == null ? "clean end" : "error " + error.getMessage());
    }
  }

  /**
   * Reads until the end or an {@link SstException}, and closes the reader. Any other exception is
   * turned into an {@link AssertionError} naming {@code context}: readers must only ever fail with
   * an SstException.
   */
  public static Outcome drain(LogReader reader, String context) {
    Outcome o = new Outcome();
    try (reader) {
      KeyValue kv;
      while ((kv = reader.next()) != null) {
        o.items.add(kv);
        o.recordStarts.add(reader.recordStart());
        o.recordEnds.add(reader.recordEnd());
      }
    } catch (SstException e) {
      o.error = e;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(context + ": reader threw " + e, e);
    }
    return o;
  }

  /** The sequential reader's outcome on {@code path}. */
  public static Outcome readAll(Path path) {
    try {
      return drain(LogReader.open(path), path.toString());
    } catch (SstException e) {
      Outcome o = new Outcome();
      o.error = e;
      return o;
    }
  }

  /** The canonical listing: each item's listing line followed by a newline. */
  public static String listing(List<KeyValue> items) {
    StringBuilder sb = new StringBuilder();
    for (KeyValue kv : items) {
      sb.append(kv.toListingLine()).append('\n');
    }
    return sb.toString();
  }

  public static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return Vectors.hex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line of {@code log-dump}: {@code "KEY" @ TS -> "VALUE"} or {@code -> <TOMBSTONE>}. */
  public static String dumpLine(KeyValue kv) {
    return "\""
        + escape(kv.key())
        + "\" @ "
        + Long.toUnsignedString(kv.timestamp())
        + " -> "
        + (kv.isTombstone() ? "<TOMBSTONE>" : "\"" + escape(kv.value()) + "\"");
  }

  /** Rust's {@code std::ascii::escape_default} applied to every byte (FORMAT.md §8.1). */
  public static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case '\t':
          sb.append("\\t");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '"':
        case '\'':
        case '\\':
          sb.append('\\').append((char) c);
          break;
        default:
          if (c >= 0x20 && c <= 0x7e) {
            sb.append((char) c);
          } else {
            sb.append(String.format("\\x%02x", c));
          }
      }
    }
    return sb.toString();
  }
}
